import type { Kysely } from 'kysely';
import type { NewOutboxMessage, OutboxMessage } from '../messaging-tables.js';
import type { Database } from '../schema.js';
import { writeTransaction } from '../write-transaction.js';

export interface InsertOneOffResult {
  message: OutboxMessage;
  /** false when a row with the same idempotency key was already there and is answered instead. */
  created: boolean;
}

/**
 * Inserts one outbox row, or answers the existing row when its idempotency key was used before.
 * Look-up and insert share one write transaction, so two requests racing with the same key get the
 * same row. `beforeInsert` runs in that transaction before a new row is written, and may refuse it
 * by throwing (a repeat of a request already taken is answered all the same).
 */
export async function insertOneOff(
  db: Kysely<Database>,
  row: NewOutboxMessage,
  beforeInsert?: (trx: Kysely<Database>) => Promise<void>,
): Promise<InsertOneOffResult> {
  return writeTransaction(db, async (trx) => {
    if (row.idempotency_key !== null && row.idempotency_key !== undefined) {
      const existing = await trx
        .selectFrom('outbox_messages')
        .selectAll()
        .where('idempotency_key', '=', row.idempotency_key)
        .executeTakeFirst();
      if (existing) return { message: existing, created: false };
    }
    await beforeInsert?.(trx);
    const message = await trx.insertInto('outbox_messages').values(row).returningAll().executeTakeFirstOrThrow();
    return { message, created: true };
  });
}

export async function findOutboxMessage(db: Kysely<Database>, id: number): Promise<OutboxMessage | undefined> {
  return db.selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirst();
}
