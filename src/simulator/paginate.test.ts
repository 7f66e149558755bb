import { describe, expect, it } from 'vitest';
import { laravelPage, pageWindow } from './paginate.js';

describe('pageWindow', () => {
  it('shows every page when there are few', () => {
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(3, 19)).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
  });

  it('shows the start, a gap and the end near the first page', () => {
    expect(pageWindow(1, 4000)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, null, 3999, 4000]);
  });

  it('shows the start, a gap and the end near the last page', () => {
    expect(pageWindow(4000, 4000)).toEqual([1, 2, null, 3991, 3992, 3993, 3994, 3995, 3996, 3997, 3998, 3999, 4000]);
  });

  it('shows a slider around a page in the middle', () => {
    expect(pageWindow(2000, 4000)).toEqual([1, 2, null, 1997, 1998, 1999, 2000, 2001, 2002, 2003, null, 3999, 4000]);
  });
});

describe('laravelPage', () => {
  it('has no previous page on the first and no next page on the last', () => {
    const page = laravelPage({ path: 'http://h/api/v3/sms', page: 1, perPage: 25, total: 25, items: [1, 2] });
    expect(page).toMatchObject({ prev_page_url: null, next_page_url: null, last_page: 1, from: 1, to: 2 });
    expect(page.links[0]).toEqual({ url: null, label: '&laquo; Previous', active: false });
    expect(page.links.at(-1)).toEqual({ url: null, label: 'Next &raquo;', active: false });
  });
});
