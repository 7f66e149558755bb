import { describe, expect, it } from 'vitest';
import { createChoreSchedule } from './chore-schedule.js';

function scheduleAt(start: number) {
  let now = start;
  const schedule = createChoreSchedule(['walk', 'prepare'] as const, () => now);
  return { schedule, advance: (ms: number) => (now += ms) };
}

describe('the worker loop chore schedule', () => {
  it('has every chore due at the start', () => {
    const { schedule } = scheduleAt(1000);
    expect(schedule.due('walk')).toBe(true);
    expect(schedule.due('prepare')).toBe(true);
    expect(schedule.msUntil('walk')).toBe(0);
  });

  it('makes a chore due again when the time it asked for has passed, and keeps chores apart', () => {
    const { schedule, advance } = scheduleAt(0);
    schedule.runIn('walk', 500);
    expect(schedule.due('walk')).toBe(false);
    expect(schedule.msUntil('walk')).toBe(500);
    expect(schedule.due('prepare')).toBe(true);
    advance(499);
    expect(schedule.due('walk')).toBe(false);
    expect(schedule.msUntil('walk')).toBe(1);
    advance(1);
    expect(schedule.due('walk')).toBe(true);
  });

  it('brings a chore forward with runNow, and never pushes an overdue one back', () => {
    const { schedule, advance } = scheduleAt(0);
    schedule.runIn('walk', 5000);
    advance(100);
    schedule.runNow('walk');
    expect(schedule.due('walk')).toBe(true);
    advance(100);
    schedule.runNow('walk'); // still due from 100 ms ago, not later
    expect(schedule.msUntil('walk')).toBe(0);
    expect(schedule.due('walk')).toBe(true);
  });

  it('lets runIn put a chore later than it was (after it ran)', () => {
    const { schedule } = scheduleAt(0);
    schedule.runIn('prepare', 20);
    schedule.runIn('prepare', 2000);
    expect(schedule.msUntil('prepare')).toBe(2000);
  });
});
