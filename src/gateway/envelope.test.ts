import { describe, expect, it } from 'vitest';
import { parseEnvelope } from './envelope.js';

describe('parseEnvelope', () => {
  it('reads a success envelope and keeps data', () => {
    const parsed = parseEnvelope('{"status":"success","message":null,"data":{"uid":"606812e63f78b"}}');
    expect(parsed).toMatchObject({ kind: 'envelope', envelope: { status: 'success', message: undefined, data: { uid: '606812e63f78b' } } });
  });

  it('reads an error envelope whatever the case of its status', () => {
    const parsed = parseEnvelope('{"status":"Error","message":"Unauthenticated."}');
    expect(parsed).toMatchObject({ kind: 'envelope', envelope: { status: 'error', message: 'Unauthenticated.' } });
  });

  it('reads the status with stray spaces, and keeps data as sent', () => {
    const parsed = parseEnvelope('{"status":" Success ","data":[{"uid":"606812e63f78b"}]}');
    expect(parsed).toMatchObject({ kind: 'envelope', envelope: { status: 'success', data: [{ uid: '606812e63f78b' }] } });
    expect(parseEnvelope('{"status":"accepted"}')).toMatchObject({ envelope: { status: 'accepted', message: undefined, data: undefined } });
  });

  it('keeps top-level keys of a 202 acceptance', () => {
    const parsed = parseEnvelope('{"status":"accepted","queue_uid":"q-1","check_status_url":"https://x"}');
    expect(parsed.kind).toBe('envelope');
    if (parsed.kind === 'envelope') expect(parsed.envelope.raw.queue_uid).toBe('q-1');
  });

  it('flattens Laravel validation errors into one message', () => {
    const parsed = parseEnvelope('{"status":"error","message":["a","b"]}');
    expect(parsed).toMatchObject({ envelope: { message: 'a b' } });
    const fromErrors = parseEnvelope('{"status":"error","errors":{"recipient":["The recipient field is required."]}}');
    expect(fromErrors).toMatchObject({ envelope: { message: 'The recipient field is required.' } });
  });

  it.each([
    ['html', '<html><body>502 Bad Gateway</body></html>'],
    ['plain text', 'OK'],
    ['empty', ''],
    ['JSON without status', '{"data":[]}'],
    ['JSON with another status', '{"status":"maybe"}'],
    ['JSON with a status that is not text', '{"status":1,"data":[]}'],
    ['a JSON string', '"success"'],
    ['a JSON array', '[1,2]'],
    ['JSON null', 'null'],
  ])('says %s is not an envelope', (_name, body) => {
    expect(parseEnvelope(body)).toEqual({ kind: 'not_envelope', body });
  });
});
