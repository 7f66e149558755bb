/** Laravel's LengthAwarePaginator as JSON, which is what the platform's `GET sms` answers. */
export interface LaravelPage<T> {
  current_page: number;
  data: T[];
  first_page_url: string;
  from: number | null;
  last_page: number;
  last_page_url: string;
  links: PageLink[];
  next_page_url: string | null;
  path: string;
  per_page: number;
  prev_page_url: string | null;
  to: number | null;
  total: number;
}

export interface PageLink {
  url: string | null;
  label: string;
  active: boolean;
}

export interface PageRequest<T> {
  /** Absolute URL of the list without query, e.g. http://127.0.0.1:4000/api/v3/sms. */
  path: string;
  page: number;
  perPage: number;
  total: number;
  /** The items of this page, already cut out. */
  items: T[];
}

const ON_EACH_SIDE = 3;

/**
 * The page numbers Laravel's UrlWindow shows, with null for a "..." gap: every page when there are
 * few, otherwise the ends and a slider around the current page. Keeps `links` small even when
 * there are thousands of pages.
 */
export function pageWindow(current: number, last: number): (number | null)[] {
  const window = ON_EACH_SIDE + 4;
  const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
  if (last < window * 2 + 6) return range(1, last);
  if (current <= window) return [...range(1, window + ON_EACH_SIDE), null, last - 1, last];
  if (current > last - window) return [1, 2, null, ...range(last - (window + ON_EACH_SIDE - 1), last)];
  return [1, 2, null, ...range(current - ON_EACH_SIDE, current + ON_EACH_SIDE), null, last - 1, last];
}

export function laravelPage<T>(request: PageRequest<T>): LaravelPage<T> {
  const { path, page, perPage, total, items } = request;
  const lastPage = Math.max(1, Math.ceil(total / perPage));
  const url = (n: number) => `${path}?page=${n}`;
  const from = items.length > 0 ? (page - 1) * perPage + 1 : null;
  const prev = page > 1 ? url(page - 1) : null;
  const next = page < lastPage ? url(page + 1) : null;
  const numbered = pageWindow(page, lastPage).map((n): PageLink =>
    n === null ? { url: null, label: '...', active: false } : { url: url(n), label: String(n), active: n === page },
  );
  return {
    current_page: page,
    data: items,
    first_page_url: url(1),
    from,
    last_page: lastPage,
    last_page_url: url(lastPage),
    links: [{ url: prev, label: '&laquo; Previous', active: false }, ...numbered, { url: next, label: 'Next &raquo;', active: false }],
    next_page_url: next,
    path,
    per_page: perPage,
    prev_page_url: prev,
    to: from === null ? null : from + items.length - 1,
    total,
  };
}
