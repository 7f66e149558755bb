import type { Kysely } from 'kysely';
import { CafeError } from '../errors/index.js';
import { runBulkSql, typedValuesPlaceholders } from './bulk-sql.js';
import { chunks } from './chunks.js';
import type { ConsentChange, ConsentSource } from './contact-tables.js';
import type { Database } from './schema.js';
import { writeTransaction } from './write-transaction.js';

export interface ConsentOptions {
  /** Where the request came from: recorded with the event. */
  source: ConsentSource;
  reason?: string | null;
  /** Who asked for it: the signed-in user's name, or the API key's. */
  actor?: string | null;
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
  actor: string | null;
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
    return recordIfChanged(trx, contactId, Number(result.numUpdatedRows) > 0, {
      change: 'opt_out',
      source: options.source,
      reason,
      actor: options.actor ?? null,
      now,
    });
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
    return recordIfChanged(trx, contactId, Number(result.numUpdatedRows) > 0, {
      change: 'opt_in',
      source: options.source,
      reason,
      actor: options.actor ?? null,
      now,
    });
  });
}

interface EventFacts {
  change: ConsentChange;
  source: ConsentSource;
  reason: string | null;
  actor: string | null;
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
    .values({
      contact_id: contactId,
      change: facts.change,
      source: facts.source,
      reason: facts.reason,
      actor: facts.actor,
      created_at: facts.now,
    })
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
    actor: row.actor,
    createdAt: row.created_at,
  }));
}

/** One contact an import (or any bulk source) says has opted out, and since when. */
export interface BulkOptOut {
  contactId: number;
  at: Date;
}

/** Contacts per statement: three bound values each. */
const OPT_OUTS_PER_STATEMENT = 300;

/**
 * Opts many contacts out at once, each since its own time (the contact's opted_out_at), recording
 * one event per contact that changed, dated now. Contacts already opted out keep their own date and
 * reason. Answers how many changed.
 */
export async function optOutMany(db: Kysely<Database>, optOuts: readonly BulkOptOut[], options: ConsentOptions): Promise<number> {
  if (optOuts.length === 0) return 0;
  const reason = options.reason?.trim() || null;
  const now = (options.now ?? new Date()).toISOString();
  return writeTransaction(db, async (trx) => {
    let changed = 0;
    for (const part of chunks(optOuts, OPT_OUTS_PER_STATEMENT)) {
      const values = part.flatMap((o) => [o.contactId, o.at.toISOString()]);
      const rows = await runBulkSql<{ id: number }>(
        trx,
        `update contacts set opted_out_at = v.column2, opt_out_reason = ?, updated_at = ?
         from (values ${typedValuesPlaceholders(part.length, ['integer', 'text'])}) as v
         where contacts.id = v.column1 and contacts.opted_out_at is null
         returning contacts.id`,
        [reason, now, ...values],
      );
      if (rows.length === 0) continue;
      await trx
        .insertInto('consent_events')
        .values(
          rows.map((row) => ({
            contact_id: row.id,
            change: 'opt_out' as const,
            source: options.source,
            reason,
            actor: options.actor ?? null,
            created_at: now,
          })),
        )
        .execute();
      changed += rows.length;
    }
    return changed;
  });
}

/** Whether the customer with this (normalised) number opted out: when, and the reason given. Undefined for a number not in the store. */
export async function findConsentByPhone(
  db: Kysely<Database>,
  phone: string,
): Promise<{ optedOutAt: string | null; reason: string | null } | undefined> {
  const row = await db.selectFrom('contacts').select(['opted_out_at', 'opt_out_reason']).where('phone', '=', phone).executeTakeFirst();
  return row === undefined ? undefined : { optedOutAt: row.opted_out_at, reason: row.opt_out_reason };
}

/**
 * Every number whose customer opted out, with since when (ISO 8601): one query for a whole file of
 * numbers rather than one per row.
 */
export async function optedOutNumbers(db: Kysely<Database>): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('contacts')
    .select(['phone', 'opted_out_at'])
    .where('opted_out_at', 'is not', null)
    .$narrowType<{ opted_out_at: string }>()
    .execute();
  return new Map(rows.map((row) => [row.phone, row.opted_out_at]));
}
