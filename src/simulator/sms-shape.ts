import { measureSms } from '../sms/index.js';

export interface SmsShapeOfText {
  smsType: 'plain' | 'unicode';
  smsCount: number;
}

/** The platform's `sms_type` and `sms_count` of a text: what it bills, as our outbox counts it. */
export function smsShapeOf(text: string): SmsShapeOfText {
  const shape = measureSms(text);
  return { smsType: shape.encoding === 'UCS-2' ? 'unicode' : 'plain', smsCount: Math.max(1, shape.segments) };
}

/** The platform's price: one unit per SMS part, written as a numeric string. */
export function costOf(units: number): string {
  return units.toFixed(2);
}
