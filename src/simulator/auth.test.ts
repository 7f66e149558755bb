import { describe, expect, it } from 'vitest';
import { bulkItem, call, SENDER, simulators } from './test-support/http.js';

const start = simulators();

const calls = [
  ['send', 'sms/send', { recipient: '923001234567', sender_id: SENDER, message: 'hi' }],
  ['bulk', 'sms/send-bulk-messages', [bulkItem(923001234567)]],
  ['get', 'sms/606812e63f78b', undefined],
  ['list', 'sms', undefined],
] as const;

describe('authentication', () => {
  it.each(calls)('answers %s with HTTP 200 "Unauthenticated." to a bad token asking for JSON', async (_name, path, body) => {
    const sim = await start();
    const answer = await call(sim, path, { body, token: 'wrong-token' });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ status: 'error', message: 'Unauthenticated.', data: null });
    expect(sim.records()).toHaveLength(0);
  });

  it('answers a missing token like a bad one', async () => {
    const sim = await start();
    expect((await call(sim, 'sms', { token: null })).json.message).toBe('Unauthenticated.');
  });

  it('answers an HTML 401 page without Accept: application/json', async () => {
    const sim = await start();
    const answer = await call(sim, 'sms/send', {
      body: { recipient: '923001234567', sender_id: SENDER, message: 'hi' },
      token: 'wrong-token',
      accept: null,
    });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('content-type')).toMatch(/text\/html/);
    expect(answer.json).toBeUndefined();
    expect(answer.text).toContain('Unauthenticated.');
    expect(sim.records()).toHaveLength(0);
  });

  it('does not take a token that only starts like the right one', async () => {
    const sim = await start();
    expect((await call(sim, 'sms', { token: `${sim.token}x` })).json.message).toBe('Unauthenticated.');
    expect((await call(sim, 'sms', { token: sim.token.slice(0, -1) })).json.message).toBe('Unauthenticated.');
  });

  it('never echoes the token in an answer', async () => {
    const sim = await start();
    const answers = await Promise.all([
      call(sim, 'sms', { token: 'wrong-token' }),
      call(sim, 'sms/send', { body: { recipient: 'x' } }),
      call(sim, 'sms'),
    ]);
    for (const answer of answers) expect(answer.text).not.toContain(sim.token);
  });
});
