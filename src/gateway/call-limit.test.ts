import { describe, expect, it } from 'vitest';
import { manualClock } from '../../test/support/index.js';
import { createCallLimiter } from './call-limit.js';

describe('the gateway call limit, learned by being throttled', () => {
  it('lets calls go at once while no limit is known', () => {
    const clock = manualClock();
    const limiter = createCallLimiter(clock.now);
    expect([limiter.reserve(), limiter.reserve(), limiter.reserve()]).toEqual([0, 0, 0]);
    expect(limiter.limit()).toBeUndefined();
  });

  it('keeps to 95 % of what went through in the second before a throttle, spacing calls from then on', () => {
    const clock = manualClock();
    const limiter = createCallLimiter(clock.now);
    for (let call = 0; call < 5; call += 1) {
      limiter.reserve();
      clock.advance(50);
    }
    limiter.throttled(); // the fifth was refused: four went through
    expect(limiter.limit()).toBeCloseTo(3.8);
    // The first of the four left 250 ms ago: the gateway's second has room again in 750 ms.
    expect(limiter.reserve()).toBe(750);
    expect(limiter.reserve()).toBeCloseTo(750 + 1000 / 3.8); // booked behind the one before
  });

  it('treats throttles within a second as one event, and never more than halves a known limit', () => {
    const clock = manualClock();
    const limiter = createCallLimiter(clock.now);
    limiter.assume(10);
    for (let call = 0; call < 9; call += 1) {
      clock.advance(limiter.reserve());
      clock.advance(1);
    }
    limiter.throttled();
    expect(limiter.limit()).toBeCloseTo(7.6); // 8 went through
    clock.advance(200);
    limiter.throttled();
    expect(limiter.limit()).toBeCloseTo(7.6);
    clock.advance(5000);
    clock.advance(limiter.reserve());
    limiter.throttled(); // nothing else went through in its second
    expect(limiter.limit()).toBeCloseTo(3.8);
  });

  it('probes five per cent higher every ten quiet seconds', () => {
    const clock = manualClock();
    const limiter = createCallLimiter(clock.now);
    limiter.assume(4);
    clock.advance(10_000);
    limiter.reserve();
    expect(limiter.limit()).toBeCloseTo(4.2);
    clock.advance(9_000);
    limiter.reserve();
    expect(limiter.limit()).toBeCloseTo(4.2);
  });

  it('starts from a limit learned earlier, but not over one learned since', () => {
    const clock = manualClock();
    const limiter = createCallLimiter(clock.now);
    limiter.assume(0);
    expect(limiter.limit()).toBeUndefined();
    limiter.assume(2);
    limiter.assume(9);
    expect(limiter.limit()).toBe(2);
  });
});
