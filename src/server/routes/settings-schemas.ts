import * as z from 'zod';
import { modeSchema } from '../schemas.js';

/** Answers of the settings routes (the change itself is src/settings' settingsPatchSchema). */

export const settingsViewSchema = z.object({
  senderId: z.string(),
  sendRate: z.number(),
  sendConcurrency: z.number().int(),
  quietHours: z.string().describe("'21:00-09:00' (cafe time) or 'off'"),
  optOutText: z.string(),
  optOutKeywords: z.array(z.string()),
  optInKeywords: z.array(z.string()),
  lowBalanceUnits: z.number().int().nullable().describe('Below this many SMS units the dashboard warns; null: no warning'),
  mode: modeSchema,
});
