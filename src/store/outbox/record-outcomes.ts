import type { Kysely } from 'kysely';
import { listPlaceholders, runBulkSql, typedValuesPlaceholders, type ValueType } from '../bulk-sql.js';
import { notIndexed } from '../planner-hints.js';
import { chunks } from '../chunks.js';
import type { Database } from '../schema.js';
import { writeTransaction } from '../write-transaction.js';
import { runWrite } from '../bulk-sql.js';

/** The next state of one claimed row, as the outbox decided from the gateway's answer. */
export type OutcomeUpdate =
  | { id: number; state: 'accepted'; uid: string | undefined; status: string | undefined; cost?: number | undefined; nextCheckAt: Date }
  | { id: number; state: 'queued'; nextAttemptAt: Date; errorCode: string; errorMessage: string; refundAttempt: boolean }
  | { id: number; state: 'failed'; errorCode: string; errorMessage: string }
  | { id: number; state: 'unknown'; errorCode: string; errorMessage: string };

export interface RecordOptions {
  workerId: string;
  now: Date;
  /** When the request carrying these rows went out. */
  sentAt: Date;
}

export interface RecordResult {
  /** Rows updated: a row another worker took over, or one already settled, is left alone. */
  recorded: number;
  /**
   * Rows refused for now (to be retried) whose campaign was cancelled while their call was out:
   * `cancelled` rather than queued again, where nothing would ever claim them.
   */
  cancelled: number;
  /** Uids the gateway answered that another row already owns; those rows were recorded without uid. */
  uidConflicts: string[];
}

/** Rows per statement: a handful of bound values each, far below SQLite's parameter limit. */
const ROWS_PER_STATEMENT = 200;

/**
 * Only rows still claimed by this worker and still `sending` — or `unknown`, when an orphan check
 * wrongly took us for dead while the call was in flight — are touched, so a late answer never
 * overwrites a row that has moved on. `+state`: look rows up by id, not through the state index.
 */
function owned(db: Kysely<Database>): string {
  return (
    'outbox_messages.id = v.column1 and outbox_messages.claimed_by = ? and ' +
    `${notIndexed(db, 'outbox_messages.state')} in ('sending', 'unknown')`
  );
}

/**
 * Step 3 of the guarantee: writes what became of a call's rows, all in one transaction, with one
 * UPDATE … FROM (VALUES …) per kind of answer rather than one statement per row.
 */
export async function recordOutcomes(
  db: Kysely<Database>,
  updates: readonly OutcomeUpdate[],
  options: RecordOptions,
): Promise<RecordResult> {
  if (updates.length === 0) return { recorded: 0, cancelled: 0, uidConflicts: [] };
  const nowIso = options.now.toISOString();
  const sentIso = options.sentAt.toISOString();
  const worker = options.workerId;
  return writeTransaction(db, async (trx) => {
    const taken = await uidsOwnedElsewhere(trx, updates);
    const byState = groupByState(updates);
    const uidOf = (u: AcceptedUpdate) => (u.uid !== undefined && !taken.has(u.uid) ? u.uid : null);
    let recorded = 0;
    const acceptedColumns = (u: AcceptedUpdate) => [u.id, uidOf(u), u.status ?? null, u.nextCheckAt.toISOString(), u.cost ?? null];
    const OWNED = owned(trx);
    recorded += await writeRows(trx, worker, byState.accepted, ACCEPTED_TYPES, acceptedColumns, (values) => [
      `update outbox_messages set state = 'accepted', gateway_uid = v.column2, gateway_status = v.column3, sent_at = ?,
         next_check_at = v.column4, gateway_cost = v.column5, unknown_since = null, error_code = null, error_message = null, updated_at = ?
       from (values ${values}) as v where ${OWNED}`,
      [sentIso, nowIso],
    ]);
    // Throttling and account holds are not the message's fault: they do not use up its attempts.
    const queuedColumns = (u: QueuedUpdate) => [u.id, u.nextAttemptAt.toISOString(), u.errorCode, u.errorMessage, u.refundAttempt ? 1 : 0];
    recorded += await writeRows(trx, worker, byState.queued, QUEUED_TYPES, queuedColumns, (values) => [
      `update outbox_messages set state = 'queued', next_attempt_at = v.column2, error_code = v.column3, error_message = v.column4,
         unknown_since = null, updated_at = ?, attempts = case when v.column5 = 1 and attempts > 0 then attempts - 1 else attempts end
       from (values ${values}) as v where ${OWNED}`,
      [nowIso],
    ]);
    recorded += await writeRows(
      trx,
      worker,
      byState.failed,
      ERROR_TYPES,
      (u) => [u.id, u.errorCode, u.errorMessage],
      (values) => [
        `update outbox_messages set state = 'failed', error_code = v.column2, error_message = v.column3, final_at = ?, updated_at = ?
       from (values ${values}) as v where ${OWNED}`,
        [nowIso, nowIso],
      ],
    );
    recorded += await writeRows(
      trx,
      worker,
      byState.unknown,
      ERROR_TYPES,
      (u) => [u.id, u.errorCode, u.errorMessage],
      (values) => [
        `update outbox_messages set state = 'unknown', sent_at = ?, unknown_since = ?, error_code = v.column2, error_message = v.column3,
         updated_at = ?
       from (values ${values}) as v where ${OWNED}`,
        [sentIso, nowIso, nowIso],
      ],
    );
    const cancelled = await cancelInCancelledCampaigns(
      trx,
      byState.queued.map((u) => u.id),
      nowIso,
    );
    return { recorded, cancelled, uidConflicts: [...taken] };
  });
}

const ACCEPTED_TYPES: readonly ValueType[] = ['integer', 'text', 'text', 'text', 'double precision'];
const QUEUED_TYPES: readonly ValueType[] = ['integer', 'text', 'text', 'text', 'integer'];
const ERROR_TYPES: readonly ValueType[] = ['integer', 'text', 'text'];

type AcceptedUpdate = Extract<OutcomeUpdate, { state: 'accepted' }>;
type QueuedUpdate = Extract<OutcomeUpdate, { state: 'queued' }>;

interface ByState {
  accepted: AcceptedUpdate[];
  queued: QueuedUpdate[];
  failed: Extract<OutcomeUpdate, { state: 'failed' }>[];
  unknown: Extract<OutcomeUpdate, { state: 'unknown' }>[];
}

function groupByState(updates: readonly OutcomeUpdate[]): ByState {
  const groups: ByState = { accepted: [], queued: [], failed: [], unknown: [] };
  for (const update of updates) {
    switch (update.state) {
      case 'accepted':
        groups.accepted.push(update);
        break;
      case 'queued':
        groups.queued.push(update);
        break;
      case 'failed':
        groups.failed.push(update);
        break;
      case 'unknown':
        groups.unknown.push(update);
        break;
    }
  }
  return groups;
}

/**
 * One statement per chunk of rows. `statement(values)` answers the SQL text around the VALUES
 * placeholders and the parameters that come before them; the worker id follows them (in OWNED).
 */
async function writeRows<U>(
  db: Kysely<Database>,
  workerId: string,
  rows: readonly U[],
  types: readonly ValueType[],
  columns: (row: U) => unknown[],
  statement: (values: string) => [string, unknown[]],
): Promise<number> {
  let changed = 0;
  for (const part of chunks(rows, ROWS_PER_STATEMENT)) {
    const values = part.map(columns);
    const [text, before] = statement(typedValuesPlaceholders(part.length, types));
    changed += await runWrite(db, text, [...before, ...values.flat(), workerId]);
  }
  return changed;
}

/**
 * A call that was out when its campaign was cancelled, then refused for now (throttled, 503,
 * account hold): its rows were never sent and the campaign's other unsent rows are cancelled, so
 * they are cancelled too — queued, they would wait forever in a campaign nothing claims from.
 */
async function cancelInCancelledCampaigns(db: Kysely<Database>, ids: readonly number[], nowIso: string): Promise<number> {
  let cancelled = 0;
  for (const part of chunks(ids, ROWS_PER_STATEMENT)) {
    cancelled += await runWrite(
      db,
      `update outbox_messages set state = 'cancelled', final_at = ?, updated_at = ?
       where id in (${listPlaceholders(part.length)}) and ${notIndexed(db, 'state')} = 'queued'
         and campaign_id in (select id from campaigns where state = 'cancelled')`,
      [nowIso, nowIso, ...part],
    );
  }
  return cancelled;
}

async function uidsOwnedElsewhere(db: Kysely<Database>, updates: readonly OutcomeUpdate[]): Promise<Set<string>> {
  const mine = new Map<string, number>();
  for (const u of updates) if (u.state === 'accepted' && u.uid !== undefined) mine.set(u.uid, u.id);
  if (mine.size === 0) return new Set();
  const taken = new Set<string>();
  for (const part of chunks([...mine.keys()], ROWS_PER_STATEMENT)) {
    const rows = await runBulkSql<{ id: number; gateway_uid: string }>(
      db,
      `select id, gateway_uid from outbox_messages where gateway_uid in (${listPlaceholders(part.length)})`,
      part,
    );
    for (const row of rows) if (mine.get(row.gateway_uid) !== row.id) taken.add(row.gateway_uid);
  }
  return taken;
}
