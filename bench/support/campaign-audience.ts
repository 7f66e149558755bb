import { openStore, upsertContacts, type ContactInput } from '../../src/store/index.js';

/** The promotional template of the campaign benchmarks. */
export const BENCH_TEMPLATE = 'Salam {{name}}! Chai is half price today at Cafe de Revenue.';

/** Customer `i`: digits with country code (distinct for i below 9,000,000) and a name. */
export function benchCustomer(i: number): { phone: string; name: string } {
  return { phone: `92300${String(1_000_000 + i)}`, name: `Guest ${i}` };
}

/** The exact body the campaign sends customer `i` (template + the default opt-out line). */
export function benchBody(i: number): string {
  // An English (GSM-7) message carries only the English sentence of the default opt-out line.
  return `Salam ${benchCustomer(i).name}! Chai is half price today at Cafe de Revenue.\nReply STOP to opt out.`;
}

const CHUNK = 10_000;

/**
 * Writes `count` tagged contacts straight through the store (the import's own bulk upsert), in
 * chunks, so the benchmark's set-up costs neither a CSV of a million lines nor its memory.
 */
export async function seedAudience(databaseUrl: string, count: number, tag: string): Promise<void> {
  const store = await openStore(databaseUrl);
  try {
    for (let start = 0; start < count; start += CHUNK) {
      const inputs: ContactInput[] = [];
      for (let i = start; i < Math.min(count, start + CHUNK); i++) inputs.push({ ...benchCustomer(i), tags: [tag] });
      await upsertContacts(store.db, inputs);
    }
  } finally {
    await store.close();
  }
}
