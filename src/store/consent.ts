import type { Kysely } from 'kysely';
import { CafeError } from '../errors/index.js';
import type { ConsentChange, ConsentSource } from './contact-tables.js';
import type { Database } from './schema.js';
import { writeTransaction } from './write-transaction.js';

export interface ConsentOptions {
  /** Where the request came from: recorded with the event. */
  source: ConsentSource;
  reason?: string | null;
  now?: Date;
}

export interface ConsentResult {
  /** false when the contact was already in the asked-for state: nothing was written. */
  changed: boolean;
}

export interface ConsentEvent {
  id: number;
  contactId: number;
  change: ConsentChange;
  source: ConsentSource;
  reason: string | null;
  createdAt: string;
}

/** Stops all messages to the contact, and records who asked, how and why. */
export async function setOptOut(db: Kysely<Database>, contactId: number, options: ConsentOptions): Promise<ConsentResult> {
  const now = (options.now ?? new Date()).toISOString();
  const reason = options.reason?.trim() || null;
  return writeTransaction(db, async (trx) => {
    const result = await trx
      .updateTable('contacts')
      .set({ opted_out_at: now, opt_out_reason: reason, updated_at: now })
      .where('id', '=', contactId)
      .where('opted_out_at', 'is', null)
      .executeTakeFirst();
    return recordIfChanged(trx, contactId, Number(result.numUpdatedRows) > 0, { change: 'opt_out', source: options.source, reason, now });
  });
}

/** Lets messages reach the contact again, recording the change. */
export async function setOptIn(db: Kysely<Database>, contactId: number, options: ConsentOptions): Promise<ConsentResult> {
  const now = (options.now ?? new Date()).toISOString();
  const reason = options.reason?.trim() || null;
  return writeTransaction(db, async (trx) => {
    const result = await trx
      .updateTable('contacts')
      .set({ opted_out_at: null, opt_out_reason: null, updated_at: now })
      .where('id', '=', contactId)
      .where('opted_out_at', 'is not', null)
      .executeTakeFirst();
    return recordIfChanged(trx, contactId, Number(result.numUpdatedRows) > 0, { change: 'opt_in', source: options.source, reason, now });
  });
}

interface EventFacts {
  change: ConsentChange;
  source: ConsentSource;
  reason: string | null;
  now: string;
}

async function recordIfChanged(trx: Kysely<Database>, contactId: number, changed: boolean, facts: EventFacts): Promise<ConsentResult> {
  if (!changed) {
    const exists = await trx.selectFrom('contacts').select('id').where('id', '=', contactId).executeTakeFirst();
    if (!exists) throw new CafeError('invalid_input', `There is no contact with id ${contactId}`, { input: String(contactId) });
    return { changed: false };
  }
  await trx
    .insertInto('consent_events')
    .values({ contact_id: contactId, change: facts.change, source: facts.source, reason: facts.reason, created_at: facts.now })
    .execute();
  return { changed: true };
}

/** A contact's consent history, oldest first. */
export async function listConsentEvents(db: Kysely<Database>, contactId: number): Promise<ConsentEvent[]> {
  const rows = await db.selectFrom('consent_events').selectAll().where('contact_id', '=', contactId).orderBy('id').execute();
  return rows.map((row) => ({
    id: row.id,
    contactId: row.contact_id,
    change: row.change,
    source: row.source,
    reason: row.reason,
    createdAt: row.created_at,
  }));
}
