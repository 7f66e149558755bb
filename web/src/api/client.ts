import { ApiError, apiErrorFromResponse, networkError } from './api-error';

export type QueryValue = string | number | boolean | undefined | null | readonly string[];
export type Query = Record<string, QueryValue>;

export interface RequestOptions {
  query?: Query;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is with `contentType` (e.g. a CSV file). */
  body?: string | Blob;
  contentType?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** The answer is text (CSV), not JSON. */
  text?: boolean;
  /** A 401 here is an ordinary answer (sign-in, "who am I"), not a lost session. */
  expectUnauthorized?: boolean;
}

export interface ApiResponse<T> {
  status: number;
  headers: Headers;
  data: T;
}

export interface ApiClientOptions {
  /** Prefix for every path; '' in the browser (same origin). */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** The session's synchroniser token, sent on every state-changing request. */
  getCsrfToken: () => string | null;
  /** Called when the session is gone (401 outside sign-in). */
  onUnauthorized: () => void;
}

export interface ApiClient {
  request<T>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  get<T>(path: string, options?: RequestOptions): Promise<T>;
  post<T>(path: string, json?: unknown, options?: RequestOptions): Promise<T>;
  put<T>(path: string, json?: unknown, options?: RequestOptions): Promise<T>;
  patch<T>(path: string, json?: unknown, options?: RequestOptions): Promise<T>;
  delete<T>(path: string, options?: RequestOptions): Promise<T>;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Repeats array values (`tag=a&tag=b`) and leaves out empty ones. */
export function buildQuery(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      for (const item of value as readonly string[]) params.append(key, item);
    } else {
      params.append(key, String(value));
    }
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));

  async function request<T>(method: string, path: string, request: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { Accept: request.text ? 'text/csv, */*' : 'application/json' };
    let body: string | Blob | undefined;
    if (request.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(request.json);
    } else if (request.body !== undefined) {
      headers['Content-Type'] = request.contentType ?? 'application/octet-stream';
      body = request.body;
    }
    const csrfToken = options.getCsrfToken();
    if (STATE_CHANGING.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
    Object.assign(headers, request.headers);

    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}${buildQuery(request.query)}`, {
        method,
        headers,
        body: body ?? null,
        credentials: 'same-origin',
        signal: request.signal ?? null,
      });
    } catch (error) {
      if (request.signal?.aborted) throw error;
      throw networkError(error);
    }

    if (!response.ok) {
      const error = apiErrorFromResponse(response.status, await readBody(response));
      if (response.status === 401 && !request.expectUnauthorized) options.onUnauthorized();
      throw error;
    }
    const data = (request.text ? await response.text() : await readBody(response)) as T;
    return { status: response.status, headers: response.headers, data };
  }

  return {
    request,
    get: async (path, opts) => (await request<never>('GET', path, opts)).data,
    post: async (path, json, opts) => (await request<never>('POST', path, { ...opts, json })).data,
    put: async (path, json, opts) => (await request<never>('PUT', path, { ...opts, json })).data,
    patch: async (path, json, opts) => (await request<never>('PATCH', path, { ...opts, json })).data,
    delete: async (path, opts) => (await request<never>('DELETE', path, opts)).data,
  };
}

/** JSON when the answer is JSON, otherwise undefined (204, an HTML error page from a proxy). */
async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export { ApiError };
