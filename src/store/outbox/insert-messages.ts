import type { Kysely } from 'kysely';
import { CafeError } from '../../errors/index.js';
import { valuesPlaceholders } from '../bulk-sql.js';
import { chunks } from '../chunks.js';
import type { NewOutboxMessage } from '../messaging-tables.js';
import type { Database } from '../schema.js';
import { runWrite } from '../bulk-sql.js';

/**
 * Every insertable column, with the value a row that leaves it out gets (the table's default).
 * Written as SQL text: kysely's builder made a node per value, several times SQLite's own work
 * for a 500-row statement, and a heap of garbage while a million-row campaign materialises.
 */
const COLUMNS: readonly (readonly [keyof NewOutboxMessage, unknown])[] = [
  ['campaign_id', null],
  ['contact_id', null],
  ['phone', undefined],
  ['body', undefined],
  ['type', undefined],
  ['encoding', undefined],
  ['segments', undefined],
  ['promotional', 0],
  ['priority', 0],
  ['state', undefined],
  ['attempts', 0],
  ['next_attempt_at', undefined],
  ['claimed_by', null],
  ['claimed_at', null],
  ['sent_at', null],
  ['unknown_since', null],
  ['gateway_uid', null],
  ['gateway_status', null],
  ['next_check_at', null],
  ['error_code', null],
  ['error_message', null],
  ['idempotency_key', null],
  ['created_at', undefined],
  ['updated_at', undefined],
  ['final_at', null],
];

/** Rows per INSERT: 25 values each stays far below SQLite's bound-parameter limit. */
const ROWS_PER_STATEMENT = 400;

const columnList = COLUMNS.map(([name]) => name).join(', ');

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
  for (const chunk of chunks(rows, ROWS_PER_STATEMENT)) {
    const values: unknown[] = [];
    for (const row of chunk) {
      for (const [name, fallback] of COLUMNS) {
        const value = row[name];
        if (value === undefined && fallback === undefined) throw missingColumn(name);
        values.push(value ?? fallback);
      }
    }
    try {
      // No conflict target: DO NOTHING then covers every unique index, including the partial
      // (campaign_id, phone) one, whose target SQLite would only accept with its WHERE clause.
      inserted += await runWrite(
        db,
        `insert into outbox_messages (${columnList}) values ${valuesPlaceholders(chunk.length, COLUMNS.length)} on conflict do nothing`,
        values,
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new CafeError('internal', `Could not write ${chunk.length} outbox messages: ${reason}`, { cause: error });
    }
  }
  return inserted;
}

function missingColumn(name: string): CafeError {
  return new CafeError('internal', `An outbox message to insert has no ${name}`, { input: name });
}
