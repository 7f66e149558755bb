import { describe, expect, it } from 'vitest';
import { mapGatewayStatus } from './status.js';

describe('mapGatewayStatus', () => {
  it.each([
    ['Delivered', 'delivered'],
    ['delivered', 'delivered'],
    ['Delivered|prov-81', 'delivered'],
    [' DELIVERED | x', 'delivered'],
    ['Enroute', 'pending'],
    ['Accepted', 'pending'],
    ['Pending', 'pending'],
    ['Queued', 'pending'],
    ['Sent', 'pending'],
    ['Scheduled', 'pending'],
    ['processing', 'pending'],
    ['Undelivered', 'failed'],
    ['Expired', 'failed'],
    ['Rejected', 'failed'],
    ['Failed', 'failed'],
    ['Failed|timeout at provider', 'failed'],
    ['Skipped', 'failed'],
    ['Cancelled', 'failed'],
    ['923001 is a invalid phone number', 'failed'],
    ['Number contains in the blacklist', 'failed'],
    ['There is not enough balance available', 'failed'],
    ['You do not have sufficient sms unit to send message', 'failed'],
    ['', 'unknown'],
    ['   ', 'unknown'],
    ['Something new', 'unknown'],
  ] as const)('maps %j to %s', (raw, state) => {
    expect(mapGatewayStatus(raw)).toBe(state);
  });

  it('maps a missing status to unknown', () => {
    expect(mapGatewayStatus(undefined)).toBe('unknown');
    expect(mapGatewayStatus(null)).toBe('unknown');
  });
});
