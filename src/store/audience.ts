import type { Kysely } from 'kysely';
import { matchesContactFilter } from './contact-filter.js';
import type { Database } from './schema.js';

/**
 * Who a campaign goes to: contacts having any of `tags` (everyone when there are none), never
 * those who opted out.
 */
export interface AudienceFilter {
  tags?: readonly string[];
}

function audienceWhere(filter: AudienceFilter, afterId?: number) {
  return matchesContactFilter({ tags: filter.tags ?? [], optedOut: false }, afterId);
}

export async function countAudience(db: Kysely<Database>, filter: AudienceFilter = {}): Promise<number> {
  const row = await db
    .selectFrom('contacts')
    .where(audienceWhere(filter))
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

/**
 * The next `limit` audience contact ids greater than `afterId`, ascending. A caller that stores the
 * last id it handled can stop and resume anywhere; an empty answer means the audience is done.
 */
export async function audienceIdPage(db: Kysely<Database>, filter: AudienceFilter, afterId: number, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('contacts').select('id').where(audienceWhere(filter, afterId)).orderBy('id').limit(limit).execute();
  return rows.map((row) => row.id);
}

export interface IterateAudienceOptions {
  /** 1,000 by default. */
  pageSize?: number;
  /** Resume after this contact id (0: from the start). */
  afterId?: number;
}

/** Streams the audience's contact ids in ascending pages; memory stays one page whatever its size. */
export async function* iterateAudienceIds(
  db: Kysely<Database>,
  filter: AudienceFilter = {},
  options: IterateAudienceOptions = {},
): AsyncGenerator<number[]> {
  const pageSize = options.pageSize ?? 1000;
  let afterId = options.afterId ?? 0;
  for (;;) {
    const ids = await audienceIdPage(db, filter, afterId, pageSize);
    const last = ids.at(-1);
    if (last === undefined) return;
    yield ids;
    afterId = last;
  }
}
