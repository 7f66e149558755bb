import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { clientOf, phone } from './test-support/simulated-gateway.js';

/**
 * Answers the simulator does not give but other installations of the platform do, served by a
 * real HTTP server that replies with scripted answers in turn.
 */
interface Scripted {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function scriptedGateway(...answers: Scripted[]): Promise<{ url: string; bodies: unknown[] }> {
  const bodies: unknown[] = [];
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      bodies.push(text === '' ? undefined : JSON.parse(text));
      const answer = answers.shift() ?? { status: 500, body: 'no more answers' };
      const payload = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      response.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
      response.end(payload);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3/`, bodies };
}

const sms = { to: phone(1), message: 'Salaam' };

describe('send answers from other installations', () => {
  it('202 {status: accepted, queue_uid} is an acceptance without a message uid', async () => {
    const gateway = await scriptedGateway({ status: 202, body: { status: 'accepted', queue_uid: 'q-123', check_status_url: 'x' } });
    expect(await clientOf(gateway).send(sms)).toEqual({ outcome: 'accepted', uid: undefined, status: undefined, record: undefined });
    expect(gateway.bodies).toEqual([{ recipient: phone(1), sender_id: 'Cafe de Revenue', message: 'Salaam' }]);
  });

  it('a record whose status is Failed or a refusal text is a rejection', async () => {
    const gateway = await scriptedGateway(
      { body: { status: 'success', data: { uid: 'abcdef0123456', to: phone(1), message: 'Salaam', status: 'Failed' } } },
      { body: { status: 'success', data: { uid: 'abcdef0123457', to: phone(1), status: `${phone(1)} is a invalid phone number` } } },
    );
    const client = clientOf(gateway);
    expect(await client.send(sms)).toMatchObject({ outcome: 'rejected', error: { code: 'refused', gatewayMessage: 'Failed' } });
    expect(await client.send(sms)).toMatchObject({ outcome: 'rejected', error: { code: 'validation' } });
  });

  it('an array answer (comma-separated recipients) picks the record of our number', async () => {
    const gateway = await scriptedGateway({
      body: {
        status: 'success',
        message: 'Message is scheduled successfully.',
        data: [
          { uid: 'aaaaaaaaaaaa1', to: phone(9), status: 'Delivered' },
          { uid: 'aaaaaaaaaaaa2', to: phone(1), status: 'Delivered|prov-7' },
        ],
      },
    });
    expect(await clientOf(gateway).send(sms)).toMatchObject({ outcome: 'accepted', uid: 'aaaaaaaaaaaa2', status: 'Delivered|prov-7' });
  });

  it('success is decided by the envelope, even with an odd HTTP status', async () => {
    const gateway = await scriptedGateway({
      status: 500,
      body: { status: 'success', data: { uid: 'abcdef0123456', status: 'Delivered' } },
    });
    expect(await clientOf(gateway).send(sms)).toMatchObject({ outcome: 'accepted', uid: 'abcdef0123456' });
  });

  it('an error envelope with HTTP 201 is still a failure', async () => {
    const gateway = await scriptedGateway({ status: 201, body: { status: 'error', message: 'You have exceeded your sending limit.' } });
    expect(await clientOf(gateway).send(sms)).toMatchObject({ outcome: 'rejected', error: { code: 'refused', httpStatus: 201 } });
  });

  it('a 429 with an HTTP-date Retry-After waits until that date', async () => {
    const now = Date.parse('2024-05-01T10:00:00Z');
    const gateway = await scriptedGateway(
      {
        status: 429,
        body: '<html>Too Many Requests</html>',
        headers: { 'content-type': 'text/html', 'retry-after': 'Wed, 01 May 2024 10:00:04 GMT' },
      },
      { body: { status: 'success', data: { uid: 'abcdef0123456', status: 'Delivered' } } },
    );
    const delays: number[] = [];
    const outcome = await clientOf(gateway, { now: () => now, sleep: async (ms) => void delays.push(ms) }).send(sms);
    expect(outcome.outcome).toBe('accepted');
    expect(delays).toEqual([4000]);
  });
});

describe('bulk answers from other installations', () => {
  it('records under data.messages are matched by number and text', async () => {
    const items = [sms, { to: phone(2), message: 'Two' }];
    const gateway = await scriptedGateway({
      body: {
        status: 'success',
        data: {
          messages: [
            { uid: 'bbbbbbbbbbbb2', to: Number(phone(2)), message: 'Two', status: 'Delivered' },
            { uid: 'bbbbbbbbbbbb1', to: phone(1), message: 'Salaam', status: 'Delivered' },
          ],
        },
      },
    });
    const outcomes = await clientOf(gateway).sendBatch(items);
    expect(outcomes.map((o) => (o.outcome === 'accepted' ? o.uid : o.outcome))).toEqual(['bbbbbbbbbbbb1', 'bbbbbbbbbbbb2']);
    expect(gateway.bodies).toEqual([
      [
        { contact: Number(phone(1)), message: 'Salaam', type: 'text' },
        { contact: Number(phone(2)), message: 'Two', type: 'text' },
      ],
    ]);
  });

  it('an item the answer does not mention is unknown: it may have been ignored', async () => {
    const gateway = await scriptedGateway({
      body: { status: 'success', data: [{ uid: 'bbbbbbbbbbbb1', to: phone(1), message: 'Salaam', status: 'Delivered' }] },
    });
    const outcomes = await clientOf(gateway).sendBatch([sms, { to: phone(2), message: 'Two' }]);
    expect(outcomes.map((o) => o.outcome)).toEqual(['accepted', 'unknown']);
  });
});

describe('list answers from other installations', () => {
  it('a next_page_url on another host is not followed; page numbers are used instead', async () => {
    const gateway = await scriptedGateway(
      {
        body: {
          status: 'success',
          data: { current_page: 1, last_page: 2, data: [{ uid: 'ccccccccccc01' }], next_page_url: 'http://evil.example/api/v3/sms?page=2' },
        },
      },
      { body: { status: 'success', data: { current_page: 2, last_page: 2, data: [{ uid: 'ccccccccccc02' }], next_page_url: null } } },
    );
    const asked: string[] = [];
    const client = clientOf(gateway, {
      fetch: (input, init) => {
        asked.push(String(input));
        return fetch(input, init);
      },
    });
    const uids: (string | undefined)[] = [];
    for await (const record of client.listAll()) uids.push(record.uid);
    expect(uids).toEqual(['ccccccccccc01', 'ccccccccccc02']);
    expect(asked).toEqual([`${gateway.url}sms?page=1`, `${gateway.url}sms?page=2`]);
  });

  it('a record that is not an object is kept as raw with state unknown', async () => {
    const gateway = await scriptedGateway({
      body: { status: 'success', data: { current_page: 1, last_page: 1, data: ['weird', { uid: 'ccccccccccc01' }] } },
    });
    const page = await clientOf(gateway).list();
    expect(page.records.map((r) => [r.uid, r.state, r.raw])).toEqual([
      [undefined, 'unknown', 'weird'],
      ['ccccccccccc01', 'unknown', { uid: 'ccccccccccc01' }],
    ]);
  });
});
