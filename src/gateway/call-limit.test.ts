import { describe, expect, it } from 'vitest';
import { manualClock } from '../../test/support/index.js';
import { createCallLimiter, type CallLimiter } from './call-limit.js';

/** One call as the retrying caller makes it: waits for its booked moment, then until admitted; answers the ms waited. */
function leave(limiter: CallLimiter, clock: ReturnType<typeof manualClock>): number {
  let waited = limiter.reserve();
  clock.advance(waited);
  for (let wait = limiter.admit(); wait > 0; wait = limiter.admit()) {
    clock.advance(wait);
    waited += wait;
  }
  return waited;
}

describe('the gateway call limit, learned by being throttled', () => {
  it('lets calls go at once while no limit is known', () => {
    const clock = manualClock();
    const limiter = createCallLimiter(clock.now);
    expect([leave(limiter, clock), leave(limiter, clock), leave(limiter, clock)]).toEqual([0, 0, 0]);
    expect(limiter.limit()).toBeUndefined();
  });

  it('keeps to 95 % of what went through in the second before a throttle, spacing calls from then on', () => {
    const clock = manualClock();
    const limiter = createCallLimiter(clock.now);
    for (let call = 0; call < 5; call += 1) {
      leave(limiter, clock);
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
      leave(limiter, clock);
      clock.advance(1);
    }
    limiter.throttled();
    expect(limiter.limit()).toBeCloseTo(7.6); // 8 went through
    clock.advance(200);
    limiter.throttled();
    expect(limiter.limit()).toBeCloseTo(7.6);
    clock.advance(5000);
    leave(limiter, clock);
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

  it('holds a call whose booked moment came late, so the calls that left in any second stay within the limit', () => {
    const clock = manualClock();
    const limiter = createCallLimiter(clock.now);
    limiter.assume(3.8); // four a second were let through
    const departures: number[] = [];
    for (let call = 0; call < 12; call += 1) {
      const wait = limiter.reserve();
      // Every third call's timer fires 200 ms late: it lands close to the next booked one.
      clock.advance(wait + (call % 3 === 1 ? 200 : 0));
      for (let more = limiter.admit(); more > 0; more = limiter.admit()) clock.advance(more);
      departures.push(clock.now());
    }
    const mostInOneSecond = Math.max(...departures.map((from) => departures.filter((at) => at >= from && at < from + 1000).length));
    expect(mostInOneSecond).toBe(4);
  });
});
