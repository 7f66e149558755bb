import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { listInbound } from '../queries/inbound.js';
import { defineRoute, type Route } from '../route.js';
import { COMMON_ERRORS, limitSchema, offsetSchema } from '../schemas.js';

export const inboundViewSchema = z.object({
  id: z.number().int(),
  phone: z.string(),
  body: z.string(),
  action: z.enum(['opt_out', 'opt_in']).nullable(),
  contactId: z.number().int().nullable(),
  receivedAt: z.string(),
});

export function inboundRoutes(deps: AppDeps): Route[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/inbound',
      tag: 'inbound',
      access: 'user',
      summary: "Customers' messages to the cafe, newest first; STOP/START show as opt_out/opt_in",
      query: z.object({ limit: limitSchema(500, 50), offset: offsetSchema }),
      responses: {
        200: { description: 'A page of inbound messages', schema: z.object({ items: z.array(inboundViewSchema), total: z.number().int() }) },
        ...COMMON_ERRORS,
      },
      handler: async ({ query }) => listInbound(deps.db, query),
    }),
  ];
}
