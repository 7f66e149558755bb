import { describe, expect, it } from 'vitest';
import { CafeError } from '../errors/index.js';
import type { MessageRecord } from '../gateway/types.js';
import { createRowResultConverter } from './index.js';

const sms = (to: string, message = 'hello') => ({ to, message, type: 'text' as const });

describe('createRowResultConverter', () => {
  const convert = createRowResultConverter();

  it("keeps the uid and the gateway's segment count of an accepted message", () => {
    const record = { smsCount: 3 } as MessageRecord;
    expect(convert(sms('923001234567'), { outcome: 'accepted', uid: 'abc', status: 'Delivered', record })).toEqual({
      outcome: 'accepted',
      uid: 'abc',
      error: '',
      segments: 3,
    });
  });

  it('measures the text when the gateway gave no record', () => {
    const urdu = 'آپ کا آرڈر تیار ہے۔ '.repeat(5);
    expect(convert(sms('923001234567', urdu), { outcome: 'accepted', uid: undefined, status: undefined, record: undefined })).toEqual({
      outcome: 'accepted',
      uid: '',
      error: '',
      segments: 2,
    });
  });

  it('keeps only the reason of a rejected or unknown message', () => {
    const error = new CafeError('refused', 'Number contains in the blacklist');
    expect(convert(sms('923001234567'), { outcome: 'rejected', error })).toEqual({
      outcome: 'rejected',
      uid: '',
      error: 'Number contains in the blacklist',
      segments: 0,
    });
    expect(convert(sms('923001234567'), { outcome: 'unknown', error: new CafeError('timeout', 'no answer') }).outcome).toBe('unknown');
  });
});
