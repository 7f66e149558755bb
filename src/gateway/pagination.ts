import { CafeError } from '../errors/index.js';
import { findRecordList, parseRecord } from './records.js';
import type { MessagePage, MessageRecord } from './types.js';

function whole(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
}

function nonEmptyText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * Reads `GET sms`'s `data`: a Laravel paginator (records under `data`, newest first), or a bare
 * array of records from a leaner installation. Anything else cannot be listed: bad_response, its
 * details passed through `scrub` (the client takes its token out of them).
 */
export function parseMessagePage(data: unknown, requestedPage: number, scrub: (text: string) => string = (text) => text): MessagePage {
  const list = findRecordList(data);
  if (list === undefined) {
    throw new CafeError('bad_response', 'The gateway answered the message list without any list of messages', {
      details: { data: scrub(JSON.stringify(data ?? null)).slice(0, 500) },
    });
  }
  const paginator = Array.isArray(data) ? {} : (data as Record<string, unknown>);
  return {
    records: list.map((raw) => parseRecord(raw)),
    currentPage: whole(paginator.current_page) ?? requestedPage,
    lastPage: whole(paginator.last_page),
    perPage: whole(paginator.per_page),
    total: whole(paginator.total),
    nextPageUrl: nonEmptyText(paginator.next_page_url),
  };
}

export function pageUrl(baseUrl: string, page: number): URL {
  const url = new URL('sms', baseUrl);
  url.searchParams.set('page', String(page));
  return url;
}

/**
 * The next page's URL as the gateway gave it, if we may follow it: it must stay on the gateway's
 * origin and under its API path (the token goes with the request), and not be a page read before.
 */
export function followableNextUrl(nextPageUrl: string | undefined, baseUrl: string, visited: ReadonlySet<string>): URL | undefined {
  if (nextPageUrl === undefined) return undefined;
  let next: URL;
  try {
    next = new URL(nextPageUrl, baseUrl);
  } catch {
    return undefined;
  }
  const base = new URL(baseUrl);
  const safe = next.origin === base.origin && next.pathname.startsWith(base.pathname);
  return safe && !visited.has(next.href) ? next : undefined;
}

export interface ListAllOptions {
  baseUrl: string;
  fetchPage: (url: URL, page: number) => Promise<MessagePage>;
  stopWhen?: ((record: MessageRecord) => boolean) | undefined;
}

function dedupeKey(record: MessageRecord): string {
  return record.uid === undefined ? `raw:${JSON.stringify(record.raw)}` : `uid:${record.uid}`;
}

/**
 * Pages whose uids are remembered. A record read on one page turns up again on a later one only
 * when messages arrived meanwhile (the list is newest first): by as many places as arrived between
 * two reads. 40 pages (1,000 records at 25 a page) covers far more than arrives during one read,
 * and keeps a walk over a million records from holding a million uids.
 */
const PAGES_REMEMBERED = 40;

/** The keys of the last `pages` pages read, forgetting older pages as new ones come. */
function recentPages(pages: number): { has(key: string): boolean; add(key: string): void; nextPage(): void } {
  const window: Set<string>[] = [new Set()];
  return {
    has: (key) => window.some((page) => page.has(key)),
    add: (key) => window[window.length - 1]!.add(key),
    nextPage: () => {
      window.push(new Set());
      if (window.length > pages) window.shift();
    },
  };
}

/**
 * Every record of the message list, each once, page by page as the caller consumes them. New
 * messages arriving while we read push older ones onto later pages (the list is newest first),
 * so records already yielded on the last pages are skipped by uid; none present at the start is
 * missed. Follows `next_page_url` when it is safe, else page numbers, until the last page or an
 * empty page. `stopWhen` ends the walk at the first record it accepts; that record is not yielded.
 */
export async function* listAllRecords(options: ListAllOptions): AsyncGenerator<MessageRecord> {
  const seen = recentPages(PAGES_REMEMBERED);
  const visited = new Set<string>();
  let page = 1;
  let url = pageUrl(options.baseUrl, page);
  for (;;) {
    visited.add(url.href);
    const result = await options.fetchPage(url, page);
    seen.nextPage();
    for (const record of result.records) {
      const key = dedupeKey(record);
      if (seen.has(key)) continue;
      seen.add(key);
      if (options.stopWhen?.(record)) return;
      yield record;
    }
    if (result.records.length === 0) return;
    const next = followableNextUrl(result.nextPageUrl, options.baseUrl, visited);
    if (next === undefined && result.lastPage !== undefined && result.currentPage >= result.lastPage) return;
    // Our own count guarantees progress even if the gateway repeats a page number.
    page = Math.max(page, result.currentPage) + 1;
    url = next ?? pageUrl(options.baseUrl, page);
  }
}
