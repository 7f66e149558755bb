import { z } from 'zod';
import { formatLocal, parseLocalDateTime } from '../../quiet-hours/index.js';
import type { AppDeps } from '../app-deps.js';
import { activeCampaignIds, countMessagesSince } from '../queries/overview.js';
import { defineRoute, type Route } from '../route.js';
import { COMMON_ERRORS, modeSchema } from '../schemas.js';
import { readSettings } from '../../settings/index.js';
import { accountHoldNotice } from '../../campaigns/index.js';
import { readAccountHold } from '../../store/outbox/index.js';
import { campaignWithStatsSchema } from './campaign-schemas.js';
import { campaignWithStats } from './campaigns.js';

/** Midnight of the cafe's (Asia/Karachi) current day, as an instant. */
function startOfCafeDay(now: Date): Date {
  return parseLocalDateTime(`${formatLocal(now).slice(0, 10)} 00:00`);
}

export function overviewRoutes(deps: AppDeps): Route[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/overview',
      tag: 'overview',
      access: 'user',
      summary: "Today's messages (cafe time), campaigns under way, and what the worker is doing",
      responses: {
        200: {
          description: 'Overview',
          schema: z.object({
            mode: modeSchema,
            senderId: z.string(),
            today: z.object({ sent: z.number().int(), delivered: z.number().int(), failed: z.number().int(), pending: z.number().int() }),
            campaigns: z.array(campaignWithStatsSchema),
            worker: z.unknown().describe('The worker snapshot, or null when no worker runs in this process'),
            accountHold: z
              .object({ reason: z.string(), message: z.string(), since: z.string() })
              .nullable()
              .describe('Sending is held because the gateway refused the account (e.g. no SMS units left); null when it is not'),
          }),
        },
        401: COMMON_ERRORS[401],
      },
      handler: async () => {
        const settings = await readSettings(deps.db, deps.config);
        const today = await countMessagesSince(deps.db, startOfCafeDay(deps.now()).toISOString());
        const campaigns = [];
        for (const id of await activeCampaignIds(deps.db)) campaigns.push(await campaignWithStats(deps, id));
        const hold = await readAccountHold(deps.db);
        const accountHold = hold === undefined ? null : { reason: hold.code, message: accountHoldNotice(hold), since: hold.since };
        return { mode: deps.mode, senderId: settings.senderId, today, campaigns, worker: deps.worker?.snapshot() ?? null, accountHold };
      },
    }),
  ];
}
