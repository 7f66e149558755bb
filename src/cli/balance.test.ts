import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../../test/support/index.js';
import { useCliWithSimulator } from '../../test/support/cli-with-simulator.js';
import { startSimulator } from '../simulator/index.js';
import { balanceLine, balanceResult } from './balance.js';

// Spawned-process tests of `cafe-sms balance` against the simulator (run `npm run build` first).

const TOKEN = 'cli-balance-token-5d2e81';

const harness = useCliWithSimulator({ token: TOKEN, dirPrefix: 'cafe-cli-balance-', eachTest: { balance: undefined } });

function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return runCli(['balance', ...args], {
    cwd: harness.dir.path,
    env: { SMSAPP_API_URL: harness.sim.url, SMSAPP_API_TOKEN: TOKEN, SMS_UNIT_PRICE: undefined, ...env },
  });
}

function expectNoToken(result: CliResult): void {
  expect(result.stdout + result.stderr).not.toContain(TOKEN);
}

describe('cafe-sms balance', () => {
  it('prints the SMS units left', async () => {
    harness.sim.setOptions({ balance: 12_345 });
    const result = await cli([]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('SMS units left: 12,345\n');
  });

  it('prints them in rupees too when SMS_UNIT_PRICE is set, and as JSON', async () => {
    harness.sim.setOptions({ balance: 300 });
    const human = await cli([], { SMS_UNIT_PRICE: '1.5' });
    expect(human.stdout).toBe('SMS units left: 300 (Rs 450 at Rs 1.5 a unit)\n');
    const json = await cli(['--json'], { SMS_UNIT_PRICE: '1.5' });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ balance: { kind: 'units', units: 300, text: '300' }, unitPrice: 1.5, value: 450 });
  });

  it('says unlimited for an account without a limit', async () => {
    const result = await cli([]);
    expect(result.stdout).toBe('SMS units left: unlimited\n');
    expect(JSON.parse((await cli(['--json'])).stdout)).toEqual({
      balance: { kind: 'unlimited', text: 'Unlimited' },
      unitPrice: null,
      value: null,
    });
  });

  it('says the gateway does not say, with why, when the host has no balance call (exit 0)', async () => {
    const result = await cli([], { SMSAPP_API_URL: `${harness.sim.url}elsewhere/` });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'SMS units left: the gateway does not say: the gateway answered "Not found." (HTTP 404) when asked for its balance\n',
    );
  });

  it('exits 1 when the gateway refuses the token, without printing it', async () => {
    const result = await cli([], { SMSAPP_API_TOKEN: 'wrong-token-abcdefgh' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/did not accept the API token.*SMSAPP_API_TOKEN/);
    expect(result.stderr).not.toContain('wrong-token-abcdefgh');
    expectNoToken(result);
  });

  it('exits 1 with the error as JSON when the gateway answers a page instead of its envelope', async () => {
    harness.sim.injectFaults({ kind: 'html_200', on: 'balance' });
    const result = await cli(['--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'bad_response' } });
    expectNoToken(result);
  });

  it('exits 1 when no gateway answers at that address', async () => {
    const closed = await startSimulator({ token: TOKEN });
    const url = closed.url;
    await closed.close();
    const result = await cli([], { SMSAPP_API_URL: url });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Could not connect to the gateway/);
  });

  it('exits 2 without a token, saying how to set one', async () => {
    const result = await cli([], { SMSAPP_API_TOKEN: undefined });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SMSAPP_API_TOKEN');
  });

  it('exits 2 naming SMS_UNIT_PRICE when it is not a price', async () => {
    const result = await cli([], { SMS_UNIT_PRICE: 'Rs 2' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SMS_UNIT_PRICE');
  });
});

describe('balanceLine', () => {
  it("adds the gateway's own words when they say more than the number", () => {
    expect(balanceLine(balanceResult({ kind: 'units', units: 1234.5, text: 'Rs 1,234.50' }, null))).toBe(
      'SMS units left: 1,234.5 — the gateway says "Rs 1,234.50"',
    );
  });
});
