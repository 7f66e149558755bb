import { sql, type Kysely, type UpdateObject } from 'kysely';
import type { Database } from '../schema.js';
import { writeTransaction } from '../write-transaction.js';

/** The next state of one claimed row, as the outbox decided from the gateway's answer. */
export type OutcomeUpdate =
  | { id: number; state: 'accepted'; uid: string | undefined; status: string | undefined; nextCheckAt: Date }
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
  /** Uids the gateway answered that another row already owns; those rows were recorded without uid. */
  uidConflicts: string[];
}

/**
 * Step 3 of the guarantee: writes what became of a call's rows, all in one transaction. Only rows
 * still claimed by this worker and still `sending` — or `unknown`, when an orphan check wrongly
 * took us for dead while the call was in flight — are touched, so a late answer never overwrites
 * a row that has moved on.
 */
export async function recordOutcomes(
  db: Kysely<Database>,
  updates: readonly OutcomeUpdate[],
  options: RecordOptions,
): Promise<RecordResult> {
  if (updates.length === 0) return { recorded: 0, uidConflicts: [] };
  const nowIso = options.now.toISOString();
  const sentIso = options.sentAt.toISOString();
  return writeTransaction(db, async (trx) => {
    const taken = await uidsOwnedElsewhere(trx, updates);
    let recorded = 0;
    for (const update of updates) {
      const patch = patchFor(update, nowIso, sentIso, taken);
      const result = await trx
        .updateTable('outbox_messages')
        .set(patch)
        .where('id', '=', update.id)
        .where('claimed_by', '=', options.workerId)
        .where('state', 'in', ['sending', 'unknown'])
        .executeTakeFirst();
      recorded += Number(result.numUpdatedRows);
    }
    return { recorded, uidConflicts: [...taken] };
  });
}

async function uidsOwnedElsewhere(db: Kysely<Database>, updates: readonly OutcomeUpdate[]): Promise<Set<string>> {
  const uids = updates.flatMap((u) => (u.state === 'accepted' && u.uid !== undefined ? [u.uid] : []));
  if (uids.length === 0) return new Set();
  const rows = await db.selectFrom('outbox_messages').select(['id', 'gateway_uid']).where('gateway_uid', 'in', uids).execute();
  const mine = new Map(updates.map((u) => [u.id, u.state === 'accepted' ? u.uid : undefined]));
  return new Set(rows.filter((row) => mine.get(row.id) !== row.gateway_uid).map((row) => row.gateway_uid ?? ''));
}

type Patch = UpdateObject<Database, 'outbox_messages'>;

function patchFor(update: OutcomeUpdate, nowIso: string, sentIso: string, taken: ReadonlySet<string>): Patch {
  switch (update.state) {
    case 'accepted':
      return {
        state: 'accepted',
        gateway_uid: update.uid !== undefined && !taken.has(update.uid) ? update.uid : null,
        gateway_status: update.status ?? null,
        sent_at: sentIso,
        next_check_at: update.nextCheckAt.toISOString(),
        unknown_since: null,
        error_code: null,
        error_message: null,
        updated_at: nowIso,
      };
    case 'queued':
      return {
        state: 'queued',
        next_attempt_at: update.nextAttemptAt.toISOString(),
        error_code: update.errorCode,
        error_message: update.errorMessage,
        unknown_since: null,
        updated_at: nowIso,
        // Throttling and account holds are not the message's fault: they do not use up its attempts.
        ...(update.refundAttempt ? { attempts: sql<number>`max(attempts - 1, 0)` } : {}),
      };
    case 'failed':
      return {
        state: 'failed',
        error_code: update.errorCode,
        error_message: update.errorMessage,
        final_at: nowIso,
        updated_at: nowIso,
      };
    case 'unknown':
      return {
        state: 'unknown',
        sent_at: sentIso,
        unknown_since: nowIso,
        error_code: update.errorCode,
        error_message: update.errorMessage,
        updated_at: nowIso,
      };
  }
}
