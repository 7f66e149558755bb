import { describe, expect, it } from 'vitest';
import type { CampaignView } from './campaign-view.js';
import { quietHoursHoldUntil } from './quiet-hours-hold.js';

const NIGHT = { startMinute: 21 * 60, endMinute: 9 * 60 };
/** 23:30 in Karachi; the quiet hours end at 09:00 Karachi, 04:00 UTC, the next morning. */
const NIGHT_TIME = new Date('2026-11-26T18:30:00.000Z');
const MORNING_END = '2026-11-27T04:00:00.000Z';

function campaign(overrides: Partial<CampaignView>): CampaignView {
  return {
    id: 1,
    name: 'Eid offer',
    template: 'Hi {{name}}',
    type: 'text',
    purpose: 'promotional',
    transactional: false,
    tags: [],
    optOutText: 'Reply STOP to opt out.',
    state: 'running',
    scheduledAt: null,
    materialised: false,
    createdAt: '2026-11-26T00:00:00.000Z',
    updatedAt: '2026-11-26T00:00:00.000Z',
    startedAt: null,
    completedAt: null,
    cancelledAt: null,
    ...overrides,
  };
}

describe('quietHoursHoldUntil', () => {
  it('holds a running promotional campaign from now, and a scheduled one from its start', () => {
    expect(quietHoursHoldUntil(campaign({ state: 'running' }), NIGHT, NIGHT_TIME)).toBe(MORNING_END);
    const scheduled = campaign({ state: 'scheduled', scheduledAt: NIGHT_TIME.toISOString() });
    expect(quietHoursHoldUntil(scheduled, NIGHT, new Date('2026-11-26T06:00:00.000Z'))).toBe(MORNING_END);
  });

  it('holds nothing transactional, nothing in daytime, nothing with quiet hours off, nothing not about to send', () => {
    const transactional = campaign({ purpose: 'transactional', transactional: true });
    expect(quietHoursHoldUntil(transactional, NIGHT, NIGHT_TIME)).toBeNull();
    expect(quietHoursHoldUntil(campaign({}), NIGHT, new Date('2026-11-26T07:00:00.000Z'))).toBeNull();
    expect(quietHoursHoldUntil(campaign({}), null, NIGHT_TIME)).toBeNull();
    expect(quietHoursHoldUntil(campaign({ state: 'draft' }), NIGHT, NIGHT_TIME)).toBeNull();
  });
});
