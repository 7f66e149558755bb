import type { FastifyRequest } from 'fastify';

/**
 * Whether a request is for the API (authentication, no-store, JSON 404s), decided from what the
 * router will act on rather than the URL as written: the router decodes the path, so `/%61pi/…`
 * reaches the same handlers as `/api/…`. A route found counts by its pattern; a path no route
 * matches, by its decoded form, so unknown API paths still need a sign-in and reveal nothing.
 */
export function isApiRequest(request: FastifyRequest): boolean {
  const pattern = request.routeOptions.url;
  if (pattern !== undefined && underApi(pattern)) return true;
  return underApi(decodedPath(request.url));
}

function underApi(path: string): boolean {
  const lower = path.toLowerCase();
  return lower === '/api' || lower.startsWith('/api/');
}

function decodedPath(url: string): string {
  const path = url.split('?')[0] ?? '';
  try {
    return decodeURIComponent(path);
  } catch {
    // A malformed escape: the router refuses it too; judge the text as written.
    return path;
  }
}
