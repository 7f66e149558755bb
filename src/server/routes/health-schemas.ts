import * as z from 'zod';
import { modeSchema } from '../schemas.js';

/** The health check's answer: a server that answers at all is up. */
export const healthSchema = z.object({ ok: z.literal(true), mode: modeSchema });
