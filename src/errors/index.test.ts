import { describe, expect, it } from 'vitest';
import { isRetryable, isSendOutcomeUnknown } from '../gateway/retry.js';
import { CafeError } from './index.js';

describe('CafeError facts', () => {
  it('keeps field and requestSent as typed facts, apart from the free-form details', () => {
    const error = new CafeError('invalid_input', 'Is required', { field: 'phone', details: { contactId: 7 } });
    expect(error.field).toBe('phone');
    expect(error.requestSent).toBeUndefined();
    expect(error.details).toEqual({ contactId: 7 });
  });

  it('says them in toJSON as it says input, and a false requestSent is said, not dropped', () => {
    const refused = new CafeError('invalid_input', 'Is required', { input: '', field: 'phone' });
    expect(refused.toJSON()).toEqual({ code: 'invalid_input', message: 'Is required', input: '', field: 'phone' });

    const unsent = new CafeError('network', 'Could not connect', { requestSent: false, details: { networkCode: 'ECONNREFUSED' } });
    const json = JSON.parse(JSON.stringify(unsent)) as Record<string, unknown>;
    expect(json).toEqual({ code: 'network', message: 'Could not connect', requestSent: false, details: { networkCode: 'ECONNREFUSED' } });
  });

  it('leaves out of toJSON the facts it does not have', () => {
    expect(new CafeError('internal', 'broke').toJSON()).toEqual({ code: 'internal', message: 'broke' });
  });
});

describe('the gateway retry decision follows requestSent', () => {
  const network = (requestSent: boolean | undefined) => new CafeError('network', 'x', { requestSent });

  it('retries a send only when the request surely never went out', () => {
    expect(isRetryable(network(false), 'send')).toBe(true);
    expect(isRetryable(network(true), 'send')).toBe(false);
    // Not knowing is not knowing that it was not sent: a second SMS is worse than none.
    expect(isRetryable(network(undefined), 'send')).toBe(false);
  });

  it('calls a send that may have gone out unknown, and one that never went out not', () => {
    expect(isSendOutcomeUnknown(network(false))).toBe(false);
    expect(isSendOutcomeUnknown(network(true))).toBe(true);
    expect(isSendOutcomeUnknown(network(undefined))).toBe(true);
  });

  it('reads only the typed fact, not a requestSent left in details', () => {
    const bagged = new CafeError('network', 'x', { details: { requestSent: false } });
    expect(isRetryable(bagged, 'send')).toBe(false);
  });
});
