import { failure, success, type Answer } from './answers.js';
import { acceptedDraft, charge, numberRefusal, refusedDraft, REFUSAL, unitsOf, type OutboundMessage } from './outbound.js';
import { shuffledOutOfOrder } from './random.js';
import { viewAsAnswered } from './record-store.js';
import { isBlank, isObject, VALIDATION } from './request-fields.js';
import type { SimulatorState } from './state.js';

export const MAX_BULK_ITEMS = 50;
export const QUEUED_MESSAGE = 'Messages are queued for delivery.';

interface BulkItem {
  message: OutboundMessage;
  /** Set when the platform keeps the item but will not send it. */
  refusal: string | undefined;
}

/** The contact as digits: the document sends a JSON number, a string of digits is taken too. */
function contactDigits(contact: unknown): string | undefined {
  if (typeof contact === 'number') return String(contact);
  if (typeof contact === 'string') return contact.trim();
  return undefined;
}

/** An item, or undefined when the platform ignores it (a field missing, or an unknown type). */
function readItem(state: SimulatorState, raw: unknown, from: string): BulkItem | undefined {
  if (!isObject(raw) || isBlank(raw.contact) || isBlank(raw.message) || typeof raw.message !== 'string') return undefined;
  if (raw.type !== 'text' && raw.type !== 'image') return undefined;
  const to = contactDigits(raw.contact);
  if (to === undefined) return undefined;
  const message: OutboundMessage = { to, from, message: raw.message, type: raw.type };
  return { message, refusal: numberRefusal(state, to) };
}

function answerData(state: SimulatorState, records: readonly unknown[]): Answer {
  switch (state.settings.bulkAnswer) {
    case 'count':
      return success({ total: records.length });
    case 'message':
      return success(null, QUEUED_MESSAGE);
    case 'records':
      // Never the input order: clients must match records by number and text, not position.
      return success(shuffledOutOfOrder(records, state.random.order));
  }
}

/**
 * POST sms/send-bulk-messages. Ignored items leave no trace; refused items are kept with the
 * refusal text as status and cost nothing; a balance short of the whole call refuses it whole.
 */
export function processBulk(state: SimulatorState, body: unknown): Answer {
  if (!Array.isArray(body)) return failure(VALIDATION.bulkNotArray);
  if (body.length > MAX_BULK_ITEMS) return failure(VALIDATION.bulkTooMany);
  const from = state.settings.senderIds[0] ?? '';
  const items = body.flatMap((raw) => readItem(state, raw, from) ?? []);
  const units = items.reduce((sum, item) => sum + (item.refusal ? 0 : unitsOf(state, item.message)), 0);
  if (!charge(state, units)) return failure(REFUSAL.noBalance, 403);

  const now = state.settings.now();
  const records = items.map((item) => {
    const draft = item.refusal ? refusedDraft(state, item.message, item.refusal) : acceptedDraft(state, item.message);
    return viewAsAnswered(state.records.add(draft, now));
  });
  return answerData(state, records);
}
