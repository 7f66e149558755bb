import { describe, expect, it } from 'vitest';
import { manualClock } from '../../test/support/index.js';
import { createPacer } from './pacer.js';

describe('createPacer', () => {
  it('lets the first batch go at once and charges it afterwards', () => {
    const time = manualClock();
    const pacer = createPacer({ rate: 10, clock: time.now });
    expect(pacer.delayMs()).toBe(0);
    pacer.take(20);
    expect(pacer.delayMs()).toBe(2000);
    time.advance(1500);
    expect(pacer.delayMs()).toBe(500);
    time.advance(500);
    expect(pacer.delayMs()).toBe(0);
  });

  it('gives back the charge of a batch that did not go, never below now', () => {
    const time = manualClock();
    const pacer = createPacer({ rate: 10, clock: time.now });
    pacer.take(10);
    pacer.take(20);
    expect(pacer.delayMs()).toBe(3000);
    pacer.refund(20);
    expect(pacer.delayMs()).toBe(1000);
    time.advance(500);
    pacer.refund(10);
    expect(pacer.delayMs()).toBe(0);
    pacer.take(10);
    expect(pacer.delayMs()).toBe(1000);
  });

  it('saves up no credit while idle', () => {
    const time = manualClock();
    const pacer = createPacer({ rate: 10, clock: time.now });
    time.advance(60_000);
    pacer.take(10);
    expect(pacer.delayMs()).toBe(1000);
  });

  it('halves once per throttle event, waits the Retry-After, then recovers additively', () => {
    const time = manualClock();
    const pacer = createPacer({ rate: 100, clock: time.now });
    pacer.slowDown(2000);
    pacer.slowDown(2000); // a second call throttled in the same moment is the same event
    expect(pacer.pace()).toBe(50);
    expect(pacer.limited()).toBe(true);
    expect(pacer.delayMs()).toBe(2000);
    time.advance(2000);
    expect(pacer.pace()).toBe(50);
    time.advance(1000);
    expect(pacer.pace()).toBe(60);
    time.advance(10_000);
    expect(pacer.pace()).toBe(100);
    expect(pacer.limited()).toBe(false);
  });

  it('never drops below a thirty-second of the configured rate', () => {
    const time = manualClock();
    const pacer = createPacer({ rate: 64, clock: time.now });
    for (let i = 0; i < 20; i += 1) {
      pacer.slowDown(0);
      time.advance(1001);
    }
    expect(pacer.pace()).toBeGreaterThanOrEqual(2);
  });

  it('sizes a batch to about a second of sending, 1 to 50 rows', () => {
    expect(createPacer({ rate: 0.5 }).batchLimit()).toBe(1);
    expect(createPacer({ rate: 20 }).batchLimit()).toBe(20);
    expect(createPacer({ rate: 5000 }).batchLimit()).toBe(50);
  });
});
