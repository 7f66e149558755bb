import type { Kysely } from 'kysely';
import { type ContactInput, type Database, type NewOutboxMessage, setOptOut, upsertContacts } from '../../store/index.js';
import type { MessageState } from '../../states/index.js';

/** A clock tests move by hand. */
export interface TestClock {
  now: () => Date;
  set(iso: string): void;
  advance(ms: number): void;
}

export function testClock(startIso = '2026-11-26T07:00:00.000Z'): TestClock {
  let current = new Date(startIso).getTime();
  return {
    now: () => new Date(current),
    set: (iso) => {
      current = new Date(iso).getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

export const OPT_OUT = 'Reply STOP to opt out.';

/** `count` contacts 923001000001, 923001000002, … named "Customer N", with the given tags. */
export async function seedContacts(
  db: Kysely<Database>,
  count: number,
  extra: (index: number) => Partial<ContactInput> = () => ({}),
): Promise<number[]> {
  const inputs: ContactInput[] = [];
  for (let i = 1; i <= count; i += 1) {
    inputs.push({ phone: `9230010${String(i).padStart(5, '0')}`, name: `Customer ${i}`, ...extra(i) });
  }
  const written = await upsertContacts(db, inputs);
  return written.map((contact) => contact.id);
}

export async function optOut(db: Kysely<Database>, contactIds: readonly number[]): Promise<void> {
  for (const id of contactIds) await setOptOut(db, id, { source: 'cli' });
}

/** An outbox row of a campaign in a given state, for tests that need rows without materialising. */
export function outboxRow(
  campaignId: number | null,
  phone: string,
  state: MessageState,
  overrides: Partial<NewOutboxMessage> = {},
): NewOutboxMessage {
  const now = '2026-11-26T07:00:00.000Z';
  return {
    campaign_id: campaignId,
    contact_id: null,
    phone,
    body: 'Hello',
    type: 'text',
    encoding: 'GSM-7',
    segments: 1,
    state,
    next_attempt_at: now,
    created_at: now,
    updated_at: now,
    ...overrides,
  };
}
