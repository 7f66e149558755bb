import type { Kysely } from 'kysely';
import { CafeError } from '../errors/index.js';
import { formatLocal } from '../quiet-hours/index.js';
import {
  writeTransaction,
  audienceHasAnyone,
  type Campaign,
  type CampaignUpdate,
  cancelQueuedMessages,
  type Database,
  updateCampaignWhenIn,
} from '../store/index.js';
import { clearAccountHold, makeHeldMessagesDue, readAccountHold, type AccountHold } from '../store/outbox/index.js';
import { parseAudienceTags, toCampaignView, type CampaignView } from './campaign-view.js';
import { requireCampaign } from './require-campaign.js';
import type { CampaignState } from '../states/index.js';

export type CampaignAction = 'schedule' | 'start' | 'pause' | 'resume' | 'cancel';

/** Which states each action may leave from. */
const ALLOWED_FROM: Readonly<Record<CampaignAction, readonly CampaignState[]>> = Object.freeze({
  schedule: ['draft', 'scheduled'],
  start: ['draft', 'scheduled'],
  pause: ['running'],
  resume: ['paused'],
  cancel: ['draft', 'scheduled', 'running', 'paused'],
});

const PAST_TENSE: Readonly<Record<CampaignAction, string>> = Object.freeze({
  schedule: 'scheduled',
  start: 'started',
  pause: 'paused',
  resume: 'resumed',
  cancel: 'cancelled',
});

export function possibleActions(state: CampaignState): CampaignAction[] {
  return (Object.keys(ALLOWED_FROM) as CampaignAction[]).filter((action) => ALLOWED_FROM[action].includes(state));
}

export interface TransitionDeps {
  now: () => Date;
}

function illegalTransition(campaign: Campaign, action: CampaignAction): CafeError {
  const possible = possibleActions(campaign.state);
  const hint = possible.length === 0 ? 'nothing more can be done with it' : `possible now: ${possible.join(', ')}`;
  return new CafeError('conflict', `Campaign ${campaign.id} is ${campaign.state}, so it cannot be ${PAST_TENSE[action]} (${hint})`, {
    input: String(campaign.id),
    details: { state: campaign.state, action, possible },
  });
}

/**
 * Applies an action as one compare-and-set statement (or transaction, for cancel), so a campaign the
 * worker completes or another process pauses at the same moment is never overwritten blindly.
 */
async function transition(
  db: Kysely<Database>,
  id: number,
  action: CampaignAction,
  patch: CampaignUpdate,
  alsoInTransaction?: (trx: Kysely<Database>, campaign: Campaign) => Promise<void>,
): Promise<CampaignView> {
  const current = await requireCampaign(db, id);
  const updated = await writeTransaction(db, async (trx) => {
    const row = await updateCampaignWhenIn(trx, current.id, ALLOWED_FROM[action], patch);
    if (row && alsoInTransaction) await alsoInTransaction(trx, row);
    return row;
  });
  if (!updated) throw illegalTransition(await requireCampaign(db, id), action);
  return toCampaignView(updated);
}

/** draft/scheduled → scheduled at `at`, which must lie in the future. */
export async function scheduleCampaign(db: Kysely<Database>, id: number, at: Date, deps: TransitionDeps): Promise<CampaignView> {
  const now = deps.now();
  assertFuture(at, now);
  return transition(db, id, 'schedule', { state: 'scheduled', scheduled_at: at.toISOString(), updated_at: now.toISOString() });
}

export function assertFuture(at: Date, now: Date): void {
  if (Number.isNaN(at.getTime())) {
    throw new CafeError('invalid_input', 'The schedule time is not a valid date', { input: String(at) });
  }
  if (at.getTime() <= now.getTime()) {
    throw new CafeError(
      'invalid_input',
      `The schedule time ${formatLocal(at)} (cafe time) is not in the future: pick a later time, or start the campaign now`,
      { input: formatLocal(at) },
    );
  }
}

/**
 * draft/scheduled → running now. A campaign nobody could receive is refused: started, it would
 * complete at once with nothing sent, which reads as a success. (A scheduled one that comes due
 * with nobody left still starts by itself, and completes.)
 */
export async function startCampaign(db: Kysely<Database>, id: number, deps: TransitionDeps): Promise<CampaignView> {
  const campaign = await requireCampaign(db, id);
  const tags = parseAudienceTags(campaign.audience_tags);
  if (ALLOWED_FROM.start.includes(campaign.state) && !(await audienceHasAnyone(db, tags))) throw nobodyToReach(campaign.id, tags);
  const now = deps.now().toISOString();
  return transition(db, id, 'start', { state: 'running', started_at: now, updated_at: now });
}

function nobodyToReach(id: number, tags: readonly string[]): CafeError {
  const who = tags.length === 0 ? 'no contact' : `no contact tagged ${tags.map((tag) => `#${tag}`).join(' or ')}`;
  return new CafeError(
    'conflict',
    `Campaign ${id} has nobody to send to: ${who} who has not opted out. Add or tag contacts, then start it`,
    {
      input: String(id),
      details: { recipients: 0 },
    },
  );
}

/** running → paused. Rows already sending, unknown or accepted are left to finish. */
export async function pauseCampaign(db: Kysely<Database>, id: number, deps: TransitionDeps): Promise<CampaignView> {
  return transition(db, id, 'pause', { state: 'paused', updated_at: deps.now().toISOString() });
}

/**
 * paused → running. A running campaign held by the gateway account (no SMS units left, a bad
 * token) resumes too: staff say the account is fixed, the hold ends and its messages are due at
 * once, without waiting for the worker's next try. If the account is still refused, the next send
 * holds them again; nothing is failed or sent twice either way.
 */
export async function resumeCampaign(db: Kysely<Database>, id: number, deps: TransitionDeps): Promise<CampaignView> {
  const campaign = await requireCampaign(db, id);
  if (campaign.state === 'running') {
    const hold = await readAccountHold(db);
    if (hold !== undefined) {
      await resumeHeldSending(db, hold, deps.now());
      return toCampaignView(campaign);
    }
  }
  return transition(db, id, 'resume', { state: 'running', updated_at: deps.now().toISOString() });
}

/** Ends an account hold: its record goes, and the messages it held are due now. */
export async function resumeHeldSending(db: Kysely<Database>, hold: AccountHold, now: Date): Promise<void> {
  await writeTransaction(db, async (trx) => {
    await clearAccountHold(trx);
    await makeHeldMessagesDue(trx, hold.code, now);
  });
}

/**
 * Any unfinished state → cancelled. Its `queued` rows become `cancelled` in the same transaction;
 * rows already sending, unknown or accepted are left to finish (they may already be on their way).
 */
export async function cancelCampaign(db: Kysely<Database>, id: number, deps: TransitionDeps): Promise<CampaignView> {
  const now = deps.now().toISOString();
  return transition(db, id, 'cancel', { state: 'cancelled', cancelled_at: now, updated_at: now }, async (trx, campaign) => {
    await cancelQueuedMessages(trx, campaign.id, now);
  });
}
