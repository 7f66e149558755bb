import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignAdvancer } from '../../src/campaigns/index.js';
import { Secret } from '../../src/config/index.js';
import { createGatewayClient } from '../../src/gateway/index.js';
import { createWorker } from '../../src/outbox/index.js';
import { createTestApp, type SignedIn, type TestApp } from '../../src/server/test-support/test-app.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';

/**
 * Issue 11's rule, as a property: whatever contacts, field names, tags, templates or CSV files
 * staff or a stranger send in, a one-off message queued afterwards reaches the gateway within 2 s,
 * and what was stored before is untouched unless the request said to change it.
 */

let test: TestApp;
let admin: SignedIn;
let sim: Simulator;
const stopWorker = new AbortController();
let worker: Promise<unknown>;
let oneOffs = 0;

/** A customer no generated input is about: must read the same after every run. */
const SENTINEL = { phone: '0333 9999999', name: 'Sentinel Sara', tags: ['regulars'], fields: { drink: 'chai' } };
let sentinelBefore: unknown;

beforeAll(async () => {
  test = await createTestApp({ now: () => new Date(), env: { QUIET_HOURS: 'off', MAX_SEGMENTS: '10' } });
  admin = await test.signIn();
  sim = await startSimulator({ token: 'property-token', deliveryDelayMs: 60_000 });
  const client = createGatewayClient({
    baseUrl: sim.url,
    token: new Secret('property-token'),
    senderId: 'Cafe de Revenue',
    maxAttempts: 2,
    retryBaseDelayMs: 5,
  });
  worker = createWorker({
    db: test.store.db,
    client,
    sendRate: 2000,
    concurrency: 2,
    quietHours: null,
    reconcileGraceMs: 0,
    idlePollMs: 10,
    advanceCampaigns: campaignAdvancer(test.store.db, { defaultCountry: 'PK', maxSegments: 10 }),
  }).run(stopWorker.signal);
  const created = await post('/api/contacts', SENTINEL);
  expect(created.statusCode).toBe(201);
  sentinelBefore = await sentinel();
}, 60_000);

afterAll(async () => {
  stopWorker.abort();
  await worker;
  await sim.close();
  await test.close();
});

function post(url: string, payload: unknown, contentType = 'application/json') {
  return test.app.inject({
    method: 'POST',
    url,
    headers: { ...admin.headers, 'content-type': contentType },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

async function sentinel(): Promise<unknown> {
  const list = await test.app.inject({ method: 'GET', url: '/api/contacts?search=Sentinel', headers: admin.headers });
  return list.json();
}

/** A one-off to a number of its own, and the time until the simulator has it. */
async function oneOffReachesGateway(): Promise<number> {
  oneOffs += 1;
  const phone = `92301${String(5_000_000 + oneOffs).padStart(7, '0')}`;
  const queued = await post('/api/messages', { phone, message: `Order ${oneOffs} is ready` });
  expect(queued.statusCode).toBe(202);
  const started = performance.now();
  while (sim.sentTo(phone).length === 0) {
    if (performance.now() - started > 2000) throw new Error(`the one-off to ${phone} did not reach the gateway within 2 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return performance.now() - started;
}

// ---- what is thrown at the server ----------------------------------------------------------

const objectKeys = fc.constantFrom(
  'constructor',
  '__proto__',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'name',
  'phone',
  'tags',
);
const fieldName = fc.oneof(objectKeys, fc.string({ maxLength: 60 }), fc.stringMatching(/^[a-z][a-z0-9_]{0,45}$/));
const longText = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ minLength: 90, maxLength: 700 }), fc.constant('ب'.repeat(600)));
/** Numbers that never collide with the sentinel's (0333…) nor the one-offs' (92301 5…). */
const phone = fc.oneof(
  fc.integer({ min: 0, max: 99_999 }).map((n) => `0300 ${String(1_000_000 + n)}`),
  fc.string({ maxLength: 20 }),
  fc.constantFrom('=HYPERLINK("http://x")', '+92 300 1234567', ''),
);

const contactBody = fc.record(
  {
    phone,
    name: longText,
    tags: fc.array(fc.oneof(fc.string({ maxLength: 60 }), objectKeys), { maxLength: 60 }),
    fields: fc.dictionary(fieldName, fc.oneof(longText, fc.constant(null)), { maxKeys: 60 }),
  },
  { requiredKeys: ['phone'] },
);

const csvCell = fc.oneof(fc.string({ maxLength: 12 }), longText, fc.constantFrom('"', '""', ',', '\n', '=1+1', 'yes'));
const csvFile = fc
  .tuple(
    fc.array(fc.oneof(fieldName, fc.constantFrom('phone', 'name', 'tags', 'opted_out')), { minLength: 1, maxLength: 12 }),
    fc.array(fc.array(csvCell, { maxLength: 12 }), { maxLength: 8 }),
  )
  .map(([headers, rows]) =>
    [['phone', ...headers].join(','), ...rows.map((row, i) => [`0300 ${String(2_000_000 + i)}`, ...row].join(','))].join('\n'),
  );

const template = fc
  .array(
    fc.oneof(
      fc.string({ maxLength: 30 }),
      fieldName.map((key) => `{{${key}}}`),
      fc.constantFrom('{{name|friend}}', '{{', '}}', '{{constructor}}', 'بند'),
    ),
    {
      minLength: 1,
      maxLength: 8,
    },
  )
  .map((parts) => parts.join(' '));

type Attack = { kind: 'contact'; body: unknown } | { kind: 'csv'; text: string } | { kind: 'campaign'; template: string; tags: string[] };

const attack: fc.Arbitrary<Attack> = fc.oneof(
  contactBody.map((body) => ({ kind: 'contact' as const, body })),
  csvFile.map((text) => ({ kind: 'csv' as const, text })),
  fc
    .record({ template, tags: fc.array(fc.constantFrom('regulars-x', 'vip', ''), { maxLength: 2 }) })
    .map((c) => ({ kind: 'campaign' as const, ...c })),
);

async function send(input: Attack): Promise<number> {
  if (input.kind === 'contact') return (await post('/api/contacts', input.body)).statusCode;
  if (input.kind === 'csv') return (await post('/api/contacts/import', input.text, 'text/csv')).statusCode;
  const created = await post('/api/campaigns', { name: 'Generated', template: input.template, tags: input.tags.filter((t) => t !== '') });
  if (created.statusCode !== 201) return created.statusCode;
  const id = created.json<{ campaign: { id: number } }>().campaign.id;
  return (await post(`/api/campaigns/${id}/start`, {})).statusCode;
}

describe('any input (property)', () => {
  it('never stops a later one-off from reaching the gateway, never answers 500, and leaves other customers as they were', async () => {
    await fc.assert(
      fc.asyncProperty(attack, async (input) => {
        const status = await send(input);
        expect(status, `answer to ${JSON.stringify(input).slice(0, 300)}`).toBeLessThan(500);
        await oneOffReachesGateway();
        expect(await sentinel()).toEqual(sentinelBefore);
      }),
      { numRuns: 60, seed: 20261203 },
    );
  }, 180_000);
});
