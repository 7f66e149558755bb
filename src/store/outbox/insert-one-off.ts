import type { Kysely } from 'kysely';
import type { NewOutboxMessage, OutboxMessage } from '../messaging-tables.js';
import type { Database } from '../schema.js';
import { announceWork } from '../notify.js';
import { writeTransaction } from '../write-transaction.js';

export interface InsertOneOffResult {
  message: OutboxMessage;
  /** false when a row with the same idempotency key was already there and is answered instead. */
  created: boolean;
}

/**
 * Inserts one outbox row, or answers the existing row when its idempotency key was used before.
 * Look-up and insert share one write transaction, and the insert gives way to a row another
 * server committed meanwhile with the same key (PostgreSQL runs such transactions side by side),
 * so two requests racing with the same key get the same row. Idle workers are woken on commit.
 * `beforeInsert` runs in that transaction before a new row is written, and may refuse it
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
    const message = await trx
      .insertInto('outbox_messages')
      .values(row)
      .onConflict((oc) => oc.column('idempotency_key').where('idempotency_key', 'is not', null).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (message === undefined) return { message: await byIdempotencyKey(trx, row.idempotency_key), created: false };
    await announceWork(trx);
    return { message, created: true };
  });
}

async function byIdempotencyKey(db: Kysely<Database>, key: string | null | undefined): Promise<OutboxMessage> {
  return db
    .selectFrom('outbox_messages')
    .selectAll()
    .where('idempotency_key', '=', key ?? '')
    .executeTakeFirstOrThrow();
}

export async function findOutboxMessage(db: Kysely<Database>, id: number): Promise<OutboxMessage | undefined> {
  return db.selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirst();
}
