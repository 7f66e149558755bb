import type { AppDeps } from '../app-deps.js';
import { defineRoute, type Route } from '../route.js';
import { healthSchema } from './health-schemas.js';

export function healthRoutes(deps: AppDeps): Route[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/health',
      tag: 'meta',
      access: 'public',
      summary: 'Is the server up, and does it send for real (live) or not (sandbox)',
      responses: { 200: { description: 'Up', schema: healthSchema } },
      handler: () => ({ ok: true, mode: deps.mode }),
    }),
  ];
}
