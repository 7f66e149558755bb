import { tryNormalizePhone } from '../sms/index.js';
import type { AudienceContact } from '../store/index.js';
import type { BuiltMessage, RecipientFields } from './message-builder.js';

/** The form the contacts store keeps numbers in (country code and digits). */
const NORMALISED_PHONE = /^\d{8,15}$/;

/**
 * Decides whether one audience contact gets a message and builds it: opted-out contacts and
 * numbers that do not read as a phone number are excluded (no outbox row, no SMS).
 * Numbers already in the store's normalised form are taken as they are: parsing each one again
 * with libphonenumber would triple the cost of materialising a large campaign.
 */
export function buildForRecipient(
  contact: AudienceContact,
  build: (recipient: RecipientFields) => BuiltMessage,
  defaultCountry: string,
): BuiltMessage & { phone: string } {
  if (contact.opted_out_at !== null) return { ok: false, reason: 'optedOut', phone: contact.phone };
  const phone = NORMALISED_PHONE.test(contact.phone) ? contact.phone : tryNormalizePhone(contact.phone, defaultCountry);
  if (phone === null) return { ok: false, reason: 'invalidPhone', phone: contact.phone };
  return { ...build({ phone, name: contact.name, fields: contact.fields }), phone };
}
