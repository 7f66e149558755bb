import type { Kysely } from 'kysely';
import { tryNormalizePhone } from '../sms/index.js';
import { findContactByPhone, setOptIn, setOptOut, upsertContacts, writeTransaction, type Database } from '../store/index.js';
import { inboundExists, insertInboundMessage } from '../store/outbox/index.js';
import type { InboundAction, KeywordMatcher } from './keywords.js';

export interface InboundSms {
  /** The gateway's uid: an inbound message is handled once, however often the list shows it. */
  uid: string;
  /** The customer's number as the gateway wrote it. */
  from: string;
  body: string;
  /** When the gateway received it (ISO-8601), or when we first saw it. */
  receivedAt: string;
}

export interface InboundDeps {
  matcher: KeywordMatcher;
  defaultCountry: string;
  now: Date;
}

export interface InboundResult {
  /** false when this uid was handled before: nothing was done. */
  stored: boolean;
  phone: string;
  action: InboundAction | null;
  /** true when the contact's consent actually changed (a consent event was written). */
  consentChanged: boolean;
}

/**
 * Stores a customer's SMS and acts on a STOP/START keyword, all in one transaction: an opt-out takes
 * effect at once (the next claim skips the customer's queued rows) and is recorded as a consent
 * event with source 'inbound'. A number we do not know yet becomes a contact so that the opt-out
 * sticks if it is imported later.
 */
export async function handleInbound(db: Kysely<Database>, sms: InboundSms, deps: InboundDeps): Promise<InboundResult> {
  const phone = tryNormalizePhone(sms.from, deps.defaultCountry) ?? sms.from.replace(/\D/g, '');
  const action = deps.matcher.match(sms.body);
  return writeTransaction(db, async (trx) => {
    if (await inboundExists(trx, sms.uid)) return { stored: false, phone, action, consentChanged: false };
    const contactId = await consentTarget(trx, phone, action, deps.now);
    let consentChanged = false;
    if (contactId !== null && action !== null) {
      const options = { source: 'inbound' as const, reason: `Replied "${sms.body.trim()}"`, now: deps.now };
      const change = action === 'opt_out' ? await setOptOut(trx, contactId, options) : await setOptIn(trx, contactId, options);
      consentChanged = change.changed;
    }
    await insertInboundMessage(
      trx,
      { gatewayUid: sms.uid, phone, body: sms.body, contactId, action, receivedAt: sms.receivedAt },
      deps.now,
    );
    return { stored: true, phone, action, consentChanged };
  });
}

/** The contact the message is from; created only for an opt-out (there is nothing to opt in). */
async function consentTarget(db: Kysely<Database>, phone: string, action: InboundAction | null, now: Date): Promise<number | null> {
  const contact = await findContactByPhone(db, phone);
  if (contact) return contact.id;
  if (action !== 'opt_out' || !/^\d{8,15}$/.test(phone)) return null;
  const [created] = await upsertContacts(db, [{ phone }], { now });
  return created?.id ?? null;
}
