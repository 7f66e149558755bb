import { formatLocal, parseLocalDateTime } from '../../quiet-hours/index.js';
import type { AppDeps } from '../app-deps.js';
import { activeCampaignIds, countMessagesSince } from '../../store/index.js';
import { defineRoute, type Route } from '../route.js';
import { COMMON_ERRORS } from '../schemas.js';
import { readSettings } from '../../settings/index.js';
import { accountHoldNotice } from '../../campaigns/index.js';
import { listActiveWorkers, readAccountHold } from '../../store/outbox/index.js';
import { overviewSchema } from './overview-schemas.js';
import { campaignWithStats } from './campaigns.js';

/** Midnight of the cafe's (Asia/Karachi) current day, as an instant. */
function startOfCafeDay(now: Date): Date {
  return parseLocalDateTime(`${formatLocal(now).slice(0, 10)} 00:00`);
}

/** Workers whose heartbeat is fresh, newest first, with what each last said it was doing. */
async function liveWorkers(deps: AppDeps): Promise<{ id: string; hostname: string; heartbeatAt: string; snapshot: unknown }[]> {
  const freshSince = new Date(deps.now().getTime() - deps.config.workerStaleMs).toISOString();
  const rows = await listActiveWorkers(deps.db);
  return rows
    .filter((row) => row.heartbeat_at >= freshSince)
    .map((row) => ({ id: row.id, hostname: row.hostname, heartbeatAt: row.heartbeat_at, snapshot: parseSnapshot(row.snapshot) }));
}

function parseSnapshot(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
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
        200: { description: 'Overview', schema: overviewSchema },
        401: COMMON_ERRORS[401],
      },
      handler: async () => {
        const settings = await readSettings(deps.db, deps.config);
        const today = await countMessagesSince(deps.db, startOfCafeDay(deps.now()).toISOString());
        const campaigns = [];
        for (const id of await activeCampaignIds(deps.db)) campaigns.push(await campaignWithStats(deps, id));
        const workers = await liveWorkers(deps);
        const hold = await readAccountHold(deps.db);
        const accountHold = hold === undefined ? null : { reason: hold.code, message: accountHoldNotice(hold), since: hold.since };
        const worker = deps.worker?.snapshot() ?? workers[0]?.snapshot ?? null;
        return { mode: deps.mode, senderId: settings.senderId, today, campaigns, worker, workers, accountHold };
      },
    }),
  ];
}
