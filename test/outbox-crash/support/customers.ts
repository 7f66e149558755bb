import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** One customer of the crash tests: the number as a person writes it and as the gateway sees it. */
export interface Customer {
  /** As written in the CSV, e.g. '0300 1000042'. */
  local: string;
  /** Digits with country code, as the simulator records it, e.g. '923001000042'. */
  phone: string;
  name: string;
}

/** Customer `i` (0-based); numbers are distinct for i below 9,000,000. */
export function customer(i: number, prefix = '300'): Customer {
  const subscriber = String(1_000_000 + i);
  return { local: `0${prefix} ${subscriber}`, phone: `92${prefix}${subscriber}`, name: `Guest ${i}` };
}

export function customers(count: number, prefix?: string): Customer[] {
  return Array.from({ length: count }, (_, i) => customer(i, prefix));
}

/** Writes `phone,name,tags` rows, streamed so that large files cost no memory. */
export async function writeCustomersCsv(file: string, list: Iterable<Customer>, tag: string): Promise<void> {
  const out = createWriteStream(file);
  out.write('phone,name,tags\n');
  for (const c of list) {
    if (!out.write(`${c.local},${c.name},${tag}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
