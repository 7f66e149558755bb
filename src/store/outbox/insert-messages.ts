import type { Kysely } from 'kysely';
import { CafeError } from '../../errors/index.js';
import type { Database } from '../schema.js';
import type { NewOutboxMessage } from '../messaging-tables.js';

/** Rows per INSERT: ~20 columns each stays far below SQLite's bound-parameter limit. */
const ROWS_PER_STATEMENT = 500;

/**
 * Inserts outbox rows in batched statements and returns how many were actually inserted.
 *
 * A row that collides with a unique index — the same (campaign_id, phone), or an idempotency_key
 * already used — is silently left out: that index is the second fence of exactly-once, so
 * re-running a materialising step after a crash can never give a recipient two rows. Callers that
 * need the batch to be all-or-nothing pass a transaction as `db`.
 */
export async function insertOutboxMessages(db: Kysely<Database>, rows: readonly NewOutboxMessage[]): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
    try {
      const result = await db
        .insertInto('outbox_messages')
        .values(chunk)
        // No conflict target: DO NOTHING then covers every unique index, including the partial
        // (campaign_id, phone) one, whose target SQLite would only accept with its WHERE clause.
        .onConflict((conflict) => conflict.doNothing())
        .executeTakeFirst();
      inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new CafeError('internal', `Could not write ${chunk.length} outbox messages: ${reason}`, { cause: error });
    }
  }
  return inserted;
}
