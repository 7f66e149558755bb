import { CafeError } from '../errors/index.js';
import { classifyGatewayFailure } from './classify-error.js';
import type { Envelope } from './envelope.js';
import { findRecordList, looksLikeRecord, parseRecord } from './records.js';
import { isSendOutcomeUnknown } from './retry.js';
import type { MessageRecord, OutgoingSms, SendOutcome } from './types.js';

/** What the simulator and the platform accept as a recipient: country code and digits. */
const RECIPIENT = /^\d{8,15}$/;
/** Anything but white space (what trim() removes), found without copying the message. */
const HAS_TEXT = /\S/;

/**
 * Checks what we can before a message goes out, so that a bad item is rejected on its own instead
 * of being silently ignored by the bulk endpoint. Undefined when the message is fine.
 */
export function checkOutgoing(sms: OutgoingSms): CafeError | undefined {
  if (typeof sms.to !== 'string' || !RECIPIENT.test(sms.to)) {
    return new CafeError(
      'invalid_input',
      `Cannot send to "${String(sms.to)}": a recipient must be 8 to 15 digits with the country code and no "+" ` +
        '(normalise it with normalizePhone first)',
      { input: String(sms.to) },
    );
  }
  if (typeof sms.message !== 'string' || !HAS_TEXT.test(sms.message)) {
    return new CafeError('invalid_input', `The message to ${sms.to} is empty; write some text to send`, {
      input: sms.to,
    });
  }
  if (sms.type !== undefined && sms.type !== 'text' && sms.type !== 'image') {
    return new CafeError('invalid_input', `Unknown message type "${String(sms.type)}" for ${sms.to}; use text or image`, {
      input: String(sms.type),
    });
  }
  return undefined;
}

/** A send whose call failed: unknown where it may have gone out anyway, rejected where it surely did not. */
export function outcomeFromError(error: CafeError): SendOutcome {
  return isSendOutcomeUnknown(error) ? { outcome: 'unknown', error } : { outcome: 'rejected', error };
}

/**
 * The outcome a record answered for one message says: a status that reads as a failure (the
 * platform's "Failed", or a refusal text such as "Number contains in the blacklist") is a
 * rejection; anything else is an acceptance.
 */
export function outcomeFromRecord(record: MessageRecord): SendOutcome {
  if (record.state === 'failed') {
    const error = classifyGatewayFailure({
      kind: 'envelope',
      operation: 'send',
      httpStatus: undefined,
      message: record.status,
    });
    return { outcome: 'rejected', error };
  }
  return { outcome: 'accepted', uid: record.uid, status: record.status, record };
}

/** The gateway took the message but its answer named no record (a count, a queue id, only a text). */
export function acceptedWithoutRecord(): SendOutcome {
  return { outcome: 'accepted', uid: undefined, status: undefined, record: undefined };
}

/** Number comparison ignores formatting ("+92 300…" and 92300… are the same phone). */
export function sameNumber(a: string | undefined, b: string): boolean {
  return a !== undefined && a.replace(/\D/g, '') === b;
}

/**
 * A single send's answer: one record (or, for comma-separated recipients, a list), or a 202
 * "accepted" with only a queue id. A record whose status reads as a failure is a rejection.
 */
export function outcomeFromSendAnswer(envelope: Envelope, sms: OutgoingSms): SendOutcome {
  if (envelope.status === 'accepted') return acceptedWithoutRecord();
  const data = envelope.data;
  const list = Array.isArray(data) ? data : looksLikeRecord(data) ? [data] : findRecordList(data);
  if (list === undefined || list.length === 0) return acceptedWithoutRecord();
  const records = list.map((raw) => parseRecord(raw, { atSend: true }));
  const record = records.find((r) => sameNumber(r.to, sms.to)) ?? records[0];
  return record === undefined ? acceptedWithoutRecord() : outcomeFromRecord(record);
}
