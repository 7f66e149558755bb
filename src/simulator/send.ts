import { failure, success, type Answer } from './answers.js';
import { acceptedDraft, charge, numberRefusal, REFUSAL, unitsOf, type OutboundMessage } from './outbound.js';
import { viewAsAnswered } from './record-store.js';
import { isBlank, isObject, VALIDATION } from './request-fields.js';
import type { SimulatorState } from './state.js';

export const MAX_RECIPIENTS = 100;
export const SCHEDULED_MESSAGE = 'Message is scheduled successfully.';

interface SendRequest {
  recipient: string;
  senderId: string;
  message: string;
}

/** The body's fields, or the validation message the platform answers for the first bad one. */
function readSendRequest(body: unknown): SendRequest | string {
  const fields = isObject(body) ? body : {};
  const { recipient, sender_id: senderId, message } = fields;
  if (isBlank(recipient)) return VALIDATION.required('recipient');
  if (typeof recipient !== 'string' && typeof recipient !== 'number') return VALIDATION.string('recipient');
  if (isBlank(senderId)) return VALIDATION.required('sender_id');
  if (typeof senderId !== 'string') return VALIDATION.string('sender_id');
  if (isBlank(message)) return VALIDATION.required('message');
  if (typeof message !== 'string') return VALIDATION.string('message');
  return { recipient: String(recipient), senderId, message };
}

/**
 * POST sms/send. One number answers one record; a comma-separated list answers an array. The call
 * is all or nothing: the first refused number refuses it whole (HTTP 403), nothing stored.
 */
export function processSend(state: SimulatorState, body: unknown): Answer {
  const request = readSendRequest(body);
  if (typeof request === 'string') return failure(request);
  const recipients = request.recipient
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (recipients.length === 0) return failure(VALIDATION.required('recipient'));
  if (recipients.length > MAX_RECIPIENTS) return failure(VALIDATION.tooManyRecipients);
  if (!state.settings.senderIds.includes(request.senderId)) return failure(REFUSAL.unauthorisedSender(request.senderId), 403);

  const items: OutboundMessage[] = recipients.map((to) => ({ to, from: request.senderId, message: request.message, type: 'text' }));
  for (const item of items) {
    const refusal = numberRefusal(state, item.to);
    if (refusal) return failure(refusal, 403);
  }
  const units = items.reduce((sum, item) => sum + unitsOf(state, item), 0);
  if (!charge(state, units)) return failure(REFUSAL.noBalance, 403);

  const now = state.settings.now();
  const records = items.map((item) => viewAsAnswered(state.records.add(acceptedDraft(state, item), now)));
  if (request.recipient.includes(',')) return success(records, SCHEDULED_MESSAGE);
  return success(records[0]);
}
