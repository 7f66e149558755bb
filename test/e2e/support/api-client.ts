/** The HTTP API as a machine calls it (Bearer API key), for setting up data and for scenario 4. */
export interface ApiAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface ApiClient {
  request<T = unknown>(
    method: string,
    path: string,
    options?: { json?: unknown; csv?: string; headers?: Record<string, string> },
  ): Promise<ApiAnswer<T>>;
  /** Like `request`, but rejects unless the status is 2xx. */
  ok<T = unknown>(method: string, path: string, options?: { json?: unknown; csv?: string; headers?: Record<string, string> }): Promise<T>;
}

export function createApiClient(baseUrl: string, apiKey: string): ApiClient {
  const request: ApiClient['request'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { authorization: `Bearer ${apiKey}`, accept: 'application/json', ...options.headers };
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.csv !== undefined) {
      headers['content-type'] = 'text/csv';
      body = options.csv;
    }
    const response = await fetch(new URL(path, baseUrl), { method, headers, body, signal: AbortSignal.timeout(15_000) });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      headers: response.headers,
      body: (type.includes('json') && text !== '' ? JSON.parse(text) : text) as never,
    };
  };
  return {
    request,
    ok: async (method, path, options) => {
      const answer = await request(method, path, options);
      if (answer.status < 200 || answer.status > 299) {
        throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      }
      return answer.body as never;
    },
  };
}
