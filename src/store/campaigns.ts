import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { CampaignState } from '../states/index.js';
import { UNSETTLED_STATES, type MessageState } from '../states/index.js';
import { matchesContactFilter } from './contact-filter.js';
import { isPostgres } from './dialect.js';
import type { Campaign, CampaignUpdate, NewCampaign } from './messaging-tables.js';
import type { Database } from './schema.js';

/** Campaign queries. Each takes `db` first, which may be a transaction. */

export async function insertCampaign(db: Kysely<Database>, row: NewCampaign): Promise<Campaign> {
  return db.insertInto('campaigns').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findCampaignById(db: Kysely<Database>, id: number): Promise<Campaign | undefined> {
  return db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Newest first. */
export async function selectAllCampaigns(db: Kysely<Database>): Promise<Campaign[]> {
  return db.selectFrom('campaigns').selectAll().orderBy('id', 'desc').execute();
}

/**
 * Compare-and-set: applies `patch` only while the campaign is in one of `from`, in one statement, so
 * two processes racing on the same campaign cannot both win. Undefined when the state did not match.
 */
export async function updateCampaignWhenIn(
  db: Kysely<Database>,
  id: number,
  from: readonly CampaignState[],
  patch: CampaignUpdate,
): Promise<Campaign | undefined> {
  return db.updateTable('campaigns').set(patch).where('id', '=', id).where('state', 'in', from).returningAll().executeTakeFirst();
}

/** Only rows still waiting in `queued`: those already sending or sent are left to finish. */
export async function cancelQueuedMessages(db: Kysely<Database>, campaignId: number, nowIso: string): Promise<number> {
  const result = await db
    .updateTable('outbox_messages')
    .set({ state: 'cancelled', final_at: nowIso, updated_at: nowIso })
    .where('campaign_id', '=', campaignId)
    .where('state', '=', 'queued')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface StateCount {
  state: MessageState;
  messages: number;
  segments: number;
  /** The gateway's own cost summed, over the rows whose answer gave one. */
  cost: number;
}

export async function countMessagesByState(db: Kysely<Database>, campaignId: number): Promise<StateCount[]> {
  const rows = await db
    .selectFrom('outbox_messages')
    .select((eb) => [
      'state',
      eb.fn.countAll<number>().as('messages'),
      eb.fn.coalesce(eb.fn.sum<number>('segments'), sql<number>`0`).as('segments'),
      eb.fn.coalesce(eb.fn.sum<number>('gateway_cost'), sql<number>`0`).as('cost'),
    ])
    .where('campaign_id', '=', campaignId)
    .groupBy('state')
    .execute();
  return rows.map((row) => ({ state: row.state, messages: Number(row.messages), segments: Number(row.segments), cost: Number(row.cost) }));
}

/** Scheduled campaigns whose time has come, oldest schedule first. */
export async function selectDueScheduledCampaigns(db: Kysely<Database>, nowIso: string): Promise<Campaign[]> {
  return db
    .selectFrom('campaigns')
    .selectAll()
    .where('state', '=', 'scheduled')
    .where('scheduled_at', '<=', nowIso)
    .orderBy('scheduled_at')
    .orderBy('id')
    .execute();
}

/**
 * Brings PostgreSQL's statistics of contacts and their tags up to date; nothing on SQLite, whose
 * planner needs none for these queries. Called as a campaign's materialising begins: contacts are
 * often imported just before, and on tables it has no statistics of yet (autovacuum analyses them
 * a minute or so later) PostgreSQL takes a tag for rare and answers each page of the audience by
 * reading every contact with that tag, 51 ms a page of 100,000 against 0.24 ms once analysed.
 */
export async function refreshAudienceStatistics(db: Kysely<Database>): Promise<void> {
  if (isPostgres(db)) await sql`analyze contacts, contact_tags`.execute(db);
}

/**
 * The same for the outbox, once a campaign's rows are all written: a campaign can make the table
 * many times larger at once, and the list walk's look-ups by the gateway's uid were planned on
 * statistics from before it. (The claim's plan does not depend on them: migration 0010.)
 */
export async function refreshOutboxStatistics(db: Kysely<Database>): Promise<void> {
  if (isPostgres(db)) await sql`analyze outbox_messages`.execute(db);
}

/** Running or paused campaigns that still have recipients without an outbox row. */
export async function selectCampaignsToMaterialise(db: Kysely<Database>): Promise<Campaign[]> {
  return db
    .selectFrom('campaigns')
    .selectAll()
    .where('state', 'in', ['running', 'paused'])
    .where('enqueued_at', 'is', null)
    .orderBy('id')
    .execute();
}

/**
 * Moves running campaigns that are fully materialised and have no queued, sending or unknown row to
 * `completed`, in one statement; returns their ids.
 */
export async function completeSettledCampaigns(db: Kysely<Database>, nowIso: string): Promise<number[]> {
  const rows = await db
    .updateTable('campaigns')
    .set({ state: 'completed', completed_at: nowIso, updated_at: nowIso })
    .where('state', '=', 'running')
    .where('enqueued_at', 'is not', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('outbox_messages')
            .select('outbox_messages.id')
            .whereRef('outbox_messages.campaign_id', '=', 'campaigns.id')
            .where('outbox_messages.state', 'in', UNSETTLED_STATES),
        ),
      ),
    )
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/** What a campaign needs of a contact to render its message; opted-out contacts are included. */
export interface AudienceContact {
  id: number;
  phone: string;
  name: string | null;
  /** JSON text of the custom fields, parsed only when the template uses one. */
  fields: string;
  opted_out_at: string | null;
}

/**
 * The next `limit` contacts with any of `tags` (everyone when there are none) whose id is above
 * `afterId`, ascending: keyset pages that cost the same however far into a million contacts they
 * are. Opted-out contacts are returned too, so callers can count them as excluded.
 */
export async function selectAudienceContacts(
  db: Kysely<Database>,
  tags: readonly string[],
  afterId: number,
  limit: number,
): Promise<AudienceContact[]> {
  return db
    .selectFrom('contacts')
    .select(['id', 'phone', 'name', 'fields', 'opted_out_at'])
    .where(matchesContactFilter({ tags }, afterId))
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Whether any contact with any of `tags` (everyone when none) has not opted out: someone a campaign could reach. */
export async function audienceHasAnyone(db: Kysely<Database>, tags: readonly string[]): Promise<boolean> {
  const row = await db
    .selectFrom('contacts')
    .select('id')
    .where(matchesContactFilter({ tags }))
    .where('opted_out_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
