import { z } from 'zod';
import { CafeError } from '../../errors/index.js';
import { createKeywordMatcher, handleInbound } from '../../inbound/index.js';
import { normalizePhone } from '../../sms/index.js';
import type { AppDeps } from '../app-deps.js';
import { blamingField } from '../errors.js';
import { findInboundByUid } from '../queries/inbound.js';
import { defineRoute, type Route } from '../route.js';
import { COMMON_ERRORS, errorBodySchema } from '../schemas.js';
import { inboundViewSchema } from './inbound.js';

const inboundBody = z.strictObject({
  phone: z.string().trim().min(1, 'must not be empty').max(40, 'is too long to be a phone number'),
  message: z
    .string()
    .max(1600, 'must be at most 1600 characters')
    .refine((text) => text.trim() !== '', 'must not be empty: write what the customer replies, e.g. STOP'),
});

export function sandboxRoutes(deps: AppDeps): Route[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/sandbox/inbound',
      tag: 'sandbox',
      access: 'user',
      summary: "Sandbox only: pretend a customer sent the cafe an SMS (try STOP); 404 in live mode",
      body: inboundBody,
      responses: {
        201: { description: 'Received and handled (a STOP opts the customer out at once)', schema: inboundViewSchema },
        ...COMMON_ERRORS,
        404: { description: 'Not in sandbox mode', schema: errorBodySchema },
      },
      handler: async ({ body }, _request, reply) => {
        const simulator = deps.sandbox;
        if (deps.mode !== 'sandbox' || simulator === undefined) {
          throw new CafeError('not_found', 'There is no sandbox: this server sends real SMS (live mode)');
        }
        const phone = await blamingField('phone', () => normalizePhone(body.phone, deps.config.defaultCountry));
        const record = simulator.injectInbound({ from: phone, message: body.message });
        // Handled now rather than at the worker's next sync, so the dashboard shows the effect at
        // once; the worker later sees the same uid and leaves it alone.
        await handleInbound(
          deps.db,
          { uid: record.uid, from: record.from, body: record.message, receivedAt: record.created_at },
          {
            matcher: createKeywordMatcher({ optOutKeywords: deps.config.optOutKeywords, optInKeywords: deps.config.optInKeywords }),
            defaultCountry: deps.config.defaultCountry,
            now: deps.now(),
          },
        );
        const stored = await findInboundByUid(deps.db, record.uid);
        if (stored === undefined) throw new CafeError('internal', `Inbound message ${record.uid} was handled but is not stored`);
        reply.code(201);
        return stored;
      },
    }),
  ];
}
