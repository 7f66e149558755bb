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

/** 13 lowercase hex characters, the form of the platform's uids (e.g. 606812e63f78b). */
export function hexUid(random: Random): string {
  const high = random.nextUint32().toString(16).padStart(8, '0');
  const low = (random.nextUint32() & 0xfffff).toString(16).padStart(5, '0');
  return high + low;
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
