import { SegmentedMessage } from 'sms-segments-calculator';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsShape {
  encoding: SmsEncoding;
  /** Number of SMS parts the gateway bills for. */
  segments: number;
  /** Characters as the handset counts them (GSM-7 extension characters count twice). */
  characters: number;
  /** Characters that force UCS-2, so an editor can point at them. */
  nonGsmCharacters: string[];
}

/** Encoding and segment count of one message text: what it will cost and how it will travel. */
export function measureSms(text: string): SmsShape {
  const message = new SegmentedMessage(text);
  const encoding: SmsEncoding = message.encodingName === 'UCS-2' ? 'UCS-2' : 'GSM-7';
  return {
    encoding,
    segments: text.length === 0 ? 0 : message.segmentsCount,
    characters: message.numberOfCharacters,
    nonGsmCharacters: encoding === 'UCS-2' ? message.getNonGsmCharacters() : [],
  };
}
