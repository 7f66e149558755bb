import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Secret } from '../config/index.js';
import { parseEnvelope, type Envelope } from './envelope.js';
import { createTokenScrubber, MIN_SCRUBBED_TOKEN_LENGTH } from './token-scrubber.js';

const TOKEN = '7|TestTokenXs6pv2dspHJq8sWLhrpNFH5Y';
const base64 = (text: string) => Buffer.from(text).toString('base64');
const base64url = (text: string) => Buffer.from(text).toString('base64url');

function envelopeOf(json: unknown): Envelope {
  const parsed = parseEnvelope(JSON.stringify(json));
  if (parsed.kind !== 'envelope') throw new Error('not an envelope');
  return parsed.envelope;
}

describe('createTokenScrubber with a real-length token', () => {
  const scrubber = createTokenScrubber(new Secret(TOKEN));

  it.each([
    ['as it is', TOKEN],
    ['upper case', TOKEN.toUpperCase()],
    ['lower case', TOKEN.toLowerCase()],
    ['URL-encoded', encodeURIComponent(TOKEN)],
    ['base64', base64(TOKEN)],
    ['base64 without padding', base64(TOKEN).replace(/=+$/, '')],
    ['base64url', base64url(TOKEN)],
    ['base64 of the header', base64(`Bearer ${TOKEN}`)],
    ['base64url of the header', base64url(`Bearer ${TOKEN}`)],
  ])('takes the token out %s', (_, form) => {
    const scrubbed = scrubber.text(`before ${form} after`);
    expect(scrubbed).toBe('before [redacted] after');
    expect(scrubber.carriesToken(`text ${form}`)).toBe(true);
  });

  it('keeps "Bearer" and everything else of a text', () => {
    expect(scrubber.text(`Authorization: Bearer ${TOKEN}; again ${TOKEN}`)).toBe('Authorization: Bearer [redacted]; again [redacted]');
    expect(scrubber.text('nothing secret here')).toBe('nothing secret here');
    expect(scrubber.carriesToken('Your order is ready')).toBe(false);
  });

  it('scrubs every string of the envelope: records, keys, paginator, message, raw', () => {
    const echoed = `Delivered Bearer ${TOKEN} ${base64(TOKEN)}`;
    const envelope = envelopeOf({
      status: 'success',
      message: `hello ${TOKEN.toUpperCase()}`,
      data: {
        current_page: 1,
        next_page_url: `https://gw.example/api/v3/sms?page=2&t=${encodeURIComponent(TOKEN)}`,
        data: [{ uid: `606812e63f78b${TOKEN}`, to: '923001234561', status: echoed, cost: `1.00 ${TOKEN}`, sms_count: 1, [TOKEN]: 'key' }],
      },
      extra: [[`deep ${TOKEN}`]],
    });
    const scrubbed = scrubber.envelope(envelope);
    const printed = [JSON.stringify(scrubbed), inspect(scrubbed, { depth: 20 })].join('\n');
    for (const form of [TOKEN, TOKEN.toUpperCase(), base64(TOKEN), encodeURIComponent(TOKEN)]) expect(printed).not.toContain(form);
    expect(scrubbed.message).toBe('hello [redacted]');
    expect(scrubbed.data).toBe(scrubbed.raw.data);
    expect(scrubbed.data).toEqual({
      current_page: 1,
      next_page_url: 'https://gw.example/api/v3/sms?page=2&t=[redacted]',
      data: [
        {
          uid: '606812e63f78b[redacted]',
          to: '923001234561',
          status: 'Delivered Bearer [redacted] [redacted]',
          cost: '1.00 [redacted]',
          sms_count: 1,
          '[redacted]': 'key',
        },
      ],
    });
    expect(scrubbed.raw.extra).toEqual([['deep [redacted]']]);
    // The answer as parsed is not changed in place.
    expect(JSON.stringify(envelope)).toContain(TOKEN);
  });

  it('hands an answer without the token back as it is, without copying it', () => {
    const envelope = envelopeOf({ status: 'success', message: 'ok', data: [{ uid: '606812e63f78b', message: 'Salaam', sms_count: 1 }] });
    expect(scrubber.envelope(envelope)).toBe(envelope);
  });

  it('keeps a key named __proto__ as a plain key, as JSON.parse does', () => {
    const envelope = parseEnvelope(`{"status":"success","data":{"__proto__":{"polluted":"${TOKEN}"}}}`);
    if (envelope.kind !== 'envelope') throw new Error('not an envelope');
    const data = scrubber.envelope(envelope.envelope).data as Record<string, unknown>;
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(data, '__proto__')?.value).toEqual({ polluted: '[redacted]' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never shows the token when printed itself', () => {
    expect([JSON.stringify(scrubber), inspect(scrubber, { depth: 5, showHidden: true })].join('\n')).not.toContain('TestToken');
  });
});

describe('createTokenScrubber with a short (sandbox) token', () => {
  it(`leaves answers alone below ${MIN_SCRUBBED_TOKEN_LENGTH} characters: our own texts may contain it`, () => {
    const scrubber = createTokenScrubber(new Secret('test'));
    const envelope = envelopeOf({ status: 'success', data: { uid: '606812e63f78b', message: 'this is a test order' } });
    expect(scrubber.envelope(envelope)).toBe(envelope);
    expect(scrubber.carriesToken('this is a test order')).toBe(false);
  });

  it('takes it out of error texts as written, not in other cases', () => {
    const scrubber = createTokenScrubber(new Secret('sandbox'));
    expect(scrubber.text('Bearer sandbox refused; Sandbox mode')).toBe('Bearer [redacted] refused; Sandbox mode');
  });

  it('starts scrubbing answers at exactly the minimum length', () => {
    const token = 'x'.repeat(MIN_SCRUBBED_TOKEN_LENGTH);
    const envelope = envelopeOf({ status: 'success', data: { message: `a ${token} b` } });
    expect(createTokenScrubber(new Secret(token)).envelope(envelope).data).toEqual({ message: 'a [redacted] b' });
    const shorter = token.slice(1);
    const kept = envelopeOf({ status: 'success', data: { message: `a ${shorter} b` } });
    expect(createTokenScrubber(new Secret(shorter)).envelope(kept).data).toEqual({ message: `a ${shorter} b` });
  });

  it('does nothing with an empty token', () => {
    const scrubber = createTokenScrubber(new Secret(''));
    expect(scrubber.text('some text')).toBe('some text');
    expect(scrubber.carriesToken('some text')).toBe(false);
  });
});
