import type { OutgoingSms, SendOutcome } from '../gateway/types.js';
import { measureSms } from '../sms/index.js';

/**
 * What is kept of one sent row: a few strings instead of the gateway's whole record, so that a
 * 100,000-row run holds little more than its input.
 */
export interface SentRowResult {
  outcome: SendOutcome['outcome'];
  /** The gateway's uid, '' when it gave none or the row was not accepted. */
  uid: string;
  /** Why it was not accepted, '' when it was. */
  error: string;
  /** SMS parts it cost: the gateway's count when its answer gave one, else our own measure. 0 unless accepted. */
  segments: number;
}

/**
 * Makes SentRowResults from send outcomes. Measuring a text is slow, so each distinct text is
 * measured once per converter (bulk files often repeat one message).
 */
export function createRowResultConverter(): (sms: OutgoingSms, outcome: SendOutcome) => SentRowResult {
  const segmentsByText = new Map<string, number>();
  const segmentsOf = (text: string): number => {
    let segments = segmentsByText.get(text);
    if (segments === undefined) {
      segments = measureSms(text).segments;
      segmentsByText.set(text, segments);
    }
    return segments;
  };
  return (sms, outcome) => {
    if (outcome.outcome === 'accepted') {
      return { outcome: 'accepted', uid: outcome.uid ?? '', error: '', segments: outcome.record?.smsCount ?? segmentsOf(sms.message) };
    }
    return { outcome: outcome.outcome, uid: '', error: outcome.error.message, segments: 0 };
  };
}
