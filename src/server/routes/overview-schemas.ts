import * as z from 'zod';
import { WORKER_STATES } from '../../outbox/snapshot.js';
import { modeSchema } from '../schemas.js';
import { campaignWithStatsSchema } from './campaign-schemas.js';

/** The overview's answer. */

/**
 * What a worker says it is doing (src/outbox/snapshot.ts). Another process's is read back from its
 * heartbeat row as it was written, without checking it: any field may be missing.
 */
export const workerSnapshotSchema = z
  .object({
    workerId: z.string(),
    state: z.enum(Object.values(WORKER_STATES)),
    pace: z.number().describe('SMS parts per second now (lowered while the gateway throttles)'),
    sendRate: z.number().describe('The configured pace'),
    inFlight: z.number().int().describe('Gateway send calls in flight'),
    sentThisRun: z.number().int(),
    unknown: z.number().int().describe("Messages whose outcome is being checked against the gateway's list"),
    lastError: z.object({ code: z.string(), message: z.string(), at: z.string() }).nullable(),
    heldUntil: z.string().nullable().describe('While held or the gateway is down: when sending is tried again (ISO-8601)'),
    startedAt: z.string(),
    updatedAt: z.string(),
  })
  .partial();

export const accountHoldSchema = z.object({ reason: z.string(), message: z.string(), since: z.string() });

export const overviewSchema = z.object({
  mode: modeSchema,
  senderId: z.string(),
  today: z.object({ sent: z.number().int(), delivered: z.number().int(), failed: z.number().int(), pending: z.number().int() }),
  campaigns: z.array(campaignWithStatsSchema),
  worker: workerSnapshotSchema
    .nullable()
    .describe("This process's worker snapshot; without one (serve --no-worker), the latest heartbeat's; null when no worker runs"),
  workers: z
    .array(z.object({ id: z.string(), hostname: z.string(), heartbeatAt: z.string(), snapshot: workerSnapshotSchema.nullable() }))
    .describe('Every worker with a fresh heartbeat, on any machine: the same list whichever server answers'),
  accountHold: accountHoldSchema
    .nullable()
    .describe('Sending is held because the gateway refused the account (e.g. no SMS units left); null when it is not'),
});
