import { describe, expect, it } from 'vitest';
import { followableNextUrl, listAllRecords, pageUrl, parseMessagePage } from './pagination.js';
import { parseRecord } from './records.js';
import type { MessagePage, MessageRecord } from './types.js';

const base = 'http://127.0.0.1:4000/api/v3/';

describe('parseMessagePage', () => {
  it('reads a Laravel paginator', () => {
    const page = parseMessagePage(
      {
        current_page: 2,
        data: [{ uid: 'abcdef0123456', status: 'Enroute' }],
        last_page: '3',
        per_page: 25,
        total: 51,
        next_page_url: 'http://127.0.0.1:4000/api/v3/sms?page=3',
      },
      2,
    );
    expect(page).toMatchObject({
      currentPage: 2,
      lastPage: 3,
      perPage: 25,
      total: 51,
      nextPageUrl: 'http://127.0.0.1:4000/api/v3/sms?page=3',
    });
    expect(page.records[0]).toMatchObject({ uid: 'abcdef0123456', state: 'pending' });
  });

  it('reads a bare array, taking the page number asked for', () => {
    const page = parseMessagePage([{ uid: 'abcdef0123456' }], 4);
    expect(page).toMatchObject({ currentPage: 4, lastPage: undefined, nextPageUrl: undefined });
    expect(page.records).toHaveLength(1);
  });

  it.each([[null], ['text'], [{ total: 3 }]])('refuses %j as bad_response', (data) => {
    expect(() => parseMessagePage(data, 1)).toThrow(expect.objectContaining({ code: 'bad_response' }));
  });
});

describe('followableNextUrl', () => {
  it('follows a next page on the same origin and API path', () => {
    expect(followableNextUrl('http://127.0.0.1:4000/api/v3/sms?page=2', base, new Set())?.href).toBe(
      'http://127.0.0.1:4000/api/v3/sms?page=2',
    );
  });

  it.each([
    ['another host', 'http://evil.example/api/v3/sms?page=2'],
    ['another port', 'http://127.0.0.1:4001/api/v3/sms?page=2'],
    ['another scheme', 'https://127.0.0.1:4000/api/v3/sms?page=2'],
    ['another path', 'http://127.0.0.1:4000/admin?page=2'],
    ['not a URL', 'http://[::1'],
  ])('does not follow %s', (_name, next) => {
    expect(followableNextUrl(next, base, new Set())).toBeUndefined();
  });

  it('does not follow a page already read', () => {
    const next = 'http://127.0.0.1:4000/api/v3/sms?page=1';
    expect(followableNextUrl(next, base, new Set([next]))).toBeUndefined();
  });
});

function page(records: MessageRecord[], extra: Partial<MessagePage> = {}): MessagePage {
  return { records, currentPage: 1, lastPage: undefined, perPage: undefined, total: undefined, nextPageUrl: undefined, ...extra };
}

const rec = (uid: string) => parseRecord({ uid, status: 'Delivered' });

describe('listAllRecords (with a scripted page source)', () => {
  async function collect(pages: Map<string, MessagePage>, stopWhen?: (r: MessageRecord) => boolean) {
    const asked: string[] = [];
    const uids: (string | undefined)[] = [];
    for await (const record of listAllRecords({
      baseUrl: base,
      fetchPage: async (url) => {
        asked.push(url.href);
        return pages.get(url.href) ?? page([]);
      },
      stopWhen,
    })) {
      uids.push(record.uid);
    }
    return { asked, uids };
  }

  it('walks page numbers until the last page when there is no next url', async () => {
    const pages = new Map([
      [pageUrl(base, 1).href, page([rec('u1xx'), rec('u2xx')], { currentPage: 1, lastPage: 2 })],
      [pageUrl(base, 2).href, page([rec('u2xx'), rec('u3xx')], { currentPage: 2, lastPage: 2 })],
    ]);
    expect(await collect(pages)).toEqual({ asked: [pageUrl(base, 1).href, pageUrl(base, 2).href], uids: ['u1xx', 'u2xx', 'u3xx'] });
  });

  it('follows a safe next_page_url and falls back to numbers for an unsafe one', async () => {
    const odd = 'http://127.0.0.1:4000/api/v3/sms?page=2&cursor=z';
    const pages = new Map([
      [pageUrl(base, 1).href, page([rec('u1xx')], { nextPageUrl: odd })],
      [odd, page([rec('u2xx')], { currentPage: 2, nextPageUrl: 'http://evil.example/api/v3/sms?page=3' })],
      [pageUrl(base, 3).href, page([rec('u3xx')], { currentPage: 3 })],
    ]);
    const result = await collect(pages);
    expect(result.asked).toEqual([pageUrl(base, 1).href, odd, pageUrl(base, 3).href, pageUrl(base, 4).href]);
    expect(result.uids).toEqual(['u1xx', 'u2xx', 'u3xx']);
  });

  it('makes progress even when the gateway repeats its page number', async () => {
    const pages = new Map([
      [pageUrl(base, 1).href, page([rec('u1xx')], { currentPage: 1 })],
      [pageUrl(base, 2).href, page([rec('u2xx')], { currentPage: 1 })],
    ]);
    expect((await collect(pages)).uids).toEqual(['u1xx', 'u2xx']);
  });

  it('stops at the first record stopWhen accepts, without yielding it', async () => {
    const pages = new Map([[pageUrl(base, 1).href, page([rec('u1xx'), rec('u2xx'), rec('u3xx')], { lastPage: 1 })]]);
    expect((await collect(pages, (r) => r.uid === 'u2xx')).uids).toEqual(['u1xx']);
  });

  it('de-duplicates records without uid by their raw form', async () => {
    const noUid = parseRecord({ to: '923001111111', message: 'x' });
    const pages = new Map([
      [pageUrl(base, 1).href, page([noUid], { currentPage: 1, lastPage: 2 })],
      [pageUrl(base, 2).href, page([parseRecord({ to: '923001111111', message: 'x' })], { currentPage: 2, lastPage: 2 })],
    ]);
    expect((await collect(pages)).uids).toEqual([undefined]);
  });

  it('skips records shifted across pages, remembering the last 40 pages rather than the whole walk', async () => {
    // Page n holds 'p<n>-a' and 'p<n>-b', and repeats 'p<n-1>-b' (shifted on by an arrival) and,
    // on page 45, the first page's record (as a gateway that lost its order might).
    const pages = new Map<string, MessagePage>();
    for (let n = 1; n <= 45; n++) {
      const records = [rec(`p${n}-a`), rec(`p${n}-b`)];
      if (n > 1) records.unshift(rec(`p${n - 1}-b`));
      if (n === 45) records.push(rec('p1-a'));
      pages.set(pageUrl(base, n).href, page(records, { currentPage: n, lastPage: 45 }));
    }
    const { uids } = await collect(pages);
    expect(uids).toHaveLength(91);
    expect(new Set(uids.slice(0, 90)).size).toBe(90);
    // Forty-four pages later the first record is no longer remembered: the walk's memory stays bounded.
    expect(uids.at(-1)).toBe('p1-a');
  });
});
