/** A small seeded PRNG, so fault draws, uids and bulk answer order repeat run after run. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An unsigned 32-bit integer. */
  nextUint32(): number;
}

/** mulberry32: tiny, fast and good enough for test faults; not for anything secret. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return { nextUint32, next: () => nextUint32() / 4_294_967_296 };
}

/** Issues the uids of new messages. */
export interface UidSequence {
  next(): string;
}

const MICROS_PER_SECOND = 1_000_000;

/**
 * Uids the way the platform makes them: its example uid 606812e63f78b is PHP's uniqid(), eight
 * hex digits of Unix seconds and five of microseconds of the moment the message was made. Each uid
 * is read from `nowMs` (the simulator's clock), so a simulator started later never repeats an
 * earlier one's uids, and is always past the previous uid by a seeded gap of 1–64 µs, so uids grow
 * even within one millisecond. With a fixed clock (tests pass one) and seed the sequence repeats
 * run after run. Clients must not rely on the order (nothing documents it); the simulator follows it
 * because a store indexing real uids sees them arrive in order, and a benchmark should cost what
 * production does.
 */
export function createUidSequence(random: Random, nowMs: () => number): UidSequence {
  let last = -1;
  return {
    next() {
      const gap = 1 + (random.nextUint32() & 0x3f);
      last = Math.max(Math.floor(nowMs() * 1000), last + gap);
      const seconds = Math.floor(last / MICROS_PER_SECOND);
      const micros = last % MICROS_PER_SECOND;
      return seconds.toString(16).padStart(8, '0') + micros.toString(16).padStart(5, '0');
    },
  };
}

/**
 * A shuffled copy that is never in the input order when there are two or more items, so a client
 * that relies on the bulk answer's order fails every time rather than now and then.
 */
export function shuffledOutOfOrder<T>(items: readonly T[], random: Random): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.nextUint32() % (i + 1);
    const held = out[i] as T;
    out[i] = out[j] as T;
    out[j] = held;
  }
  if (out.length > 1 && out.every((item, index) => item === items[index])) out.push(out.shift() as T);
  return out;
}
