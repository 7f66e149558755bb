import { expect } from 'vitest';
import { expectedBody, type CrashEnv } from './crash-env.js';
import type { Customer } from './customers.js';
import { auditDeliveries, CLEAN_AUDIT } from './exactly-once.js';
import { unsettled } from './outbox-probe.js';

/**
 * The end state every crash scenario must reach: the gateway's own record holds exactly one message,
 * with the right body, for every customer, and the campaign is completed with every row settled.
 */
export async function expectEveryoneOnceAndCampaignCompleted(env: CrashEnv, list: readonly Customer[], campaignId: number): Promise<void> {
  const expected = new Map(list.map((c) => [c.phone, expectedBody(c)]));
  expect(auditDeliveries(env.sim.outbound(), expected)).toEqual(CLEAN_AUDIT);

  const status = await env.campaignStatus(campaignId);
  expect(status.campaign.state).toBe('completed');
  expect(status.total).toBe(list.length);
  expect(unsettled(status.counts)).toBe(0);
  expect((status.counts.accepted ?? 0) + (status.counts.delivered ?? 0) + (status.counts.failed ?? 0)).toBe(list.length);
}
