import { describe, expect, it } from 'vitest';
import { echoOf } from './echo-authorization.js';
import { bulkItem, call, sendBulk, sendOne, simulators, TOKEN } from './test-support/http.js';

const start = simulators();
const HEADER = `Bearer ${TOKEN}`;
const ECHO = echoOf(HEADER);
const base64 = (text: string) => Buffer.from(text).toString('base64');

/** Every string field of a record ends with the echo; numbers are left as numbers. */
function expectEchoedRecord(record: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(record)) {
    if (typeof value === 'string') expect(value, key).toMatch(new RegExp(` ${ECHO.replace(/[|+/=]/g, '\\$&')}$`));
    else expect(typeof value, key).toBe('number');
  }
}

describe('echoAuthorization: a gateway that leaks the Authorization header into its records', () => {
  it('echoes the header as it came, in base64, and the token in upper and lower case', () => {
    expect(ECHO).toBe([HEADER, base64(HEADER), base64(TOKEN), TOKEN.toUpperCase(), TOKEN.toLowerCase()].join(' '));
  });

  it('is off by default', async () => {
    const sim = await start();
    expect((await sendOne(sim, '923001234561')).text).not.toContain(TOKEN);
  });

  it('puts the echo into every text field of send, bulk, get and list answers, and into messages', async () => {
    const sim = await start({ echoAuthorization: true });
    const single = (await sendOne(sim, '923001234561')).json;
    expectEchoedRecord(single.data);
    const bulk = (await sendBulk(sim, [bulkItem(923001234562), bulkItem(923001234563)])).json;
    expect(bulk.data).toHaveLength(2);
    for (const record of bulk.data) expectEchoedRecord(record);
    const uid = sim.records()[0]?.uid ?? '';
    expectEchoedRecord((await call(sim, `sms/${uid}`)).json.data);
    const page = (await call(sim, 'sms')).json.data;
    expect(page.data).toHaveLength(3);
    for (const record of page.data) expectEchoedRecord(record);
    // The paginator's links stay usable.
    expect(page.path).toBe(`${sim.url}sms`);
    const several = (await sendOne(sim, '923001234564,923001234565')).json;
    expect(several.message).toBe(`Message is scheduled successfully. ${ECHO}`);
    for (const record of several.data) expectEchoedRecord(record);
    // Error texts too; what the simulator stores is untouched.
    const missing = (await call(sim, 'sms/0000000000000')).json;
    expect(missing).toEqual({ status: 'error', message: `SMS Info not found ${ECHO}`, data: null });
    expect(JSON.stringify(sim.records())).not.toContain(TOKEN);
  });

  it('is switched on and off through POST /__simulator/options', async () => {
    const sim = await start();
    expect((await call(sim, '/__simulator/options', { body: { echoAuthorization: true } })).status).toBe(200);
    expect((await sendOne(sim, '923001234561')).text).toContain(TOKEN);
    sim.setOptions({ echoAuthorization: false });
    expect((await sendOne(sim, '923001234562')).text).not.toContain(TOKEN);
  });

  it('leaves answers that are not processed calls alone: a wrong token, a fault page', async () => {
    const sim = await start({ echoAuthorization: true });
    const refused = await call(sim, 'sms', { token: 'wrong-token-123' });
    expect(refused.json).toEqual({ status: 'error', message: 'Unauthenticated.', data: null });
    sim.injectFaults({ kind: 'html_200', on: 'list' });
    expect((await call(sim, 'sms')).text).not.toContain(TOKEN);
  });
});
