import * as z from 'zod';
import { CafeError } from '../../errors/index.js';
import { createKeywordMatcher, handleInbound } from '../../inbound/index.js';
import { normalizePhone } from '../../sms/index.js';
import type { AppDeps } from '../app-deps.js';
import { blamingField } from '../errors.js';
import { findInboundByUid } from '../views/inbound.js';
import { defineRoute, type Route } from '../route.js';
import { COMMON_ERRORS, errorBodySchema } from '../schemas.js';
import { inboundViewSchema } from './inbound-schemas.js';
import { sandboxBalanceSchema } from './sandbox-schemas.js';

const inboundBody = z.strictObject({
  phone: z.string().trim().min(1, 'must not be empty').max(40, 'is too long to be a phone number'),
  message: z
    .string()
    .max(1600, 'must be at most 1600 characters')
    .refine((text) => text.trim() !== '', 'must not be empty: write what the customer replies, e.g. STOP'),
});

const balanceBody = z.strictObject({
  units: z
    .number({ error: 'must be a whole number of SMS units, or null for unlimited' })
    .int('must be a whole number of SMS units')
    .min(0, 'must be 0 or more')
    .max(1_000_000_000, 'must be at most 1,000,000,000')
    .nullable(),
});

/** The built-in simulator, or not_found in live mode (there is no sandbox to change). */
function sandboxSimulator(deps: AppDeps) {
  if (deps.mode !== 'sandbox' || deps.sandbox === undefined) {
    throw new CafeError('not_found', 'There is no sandbox: this server sends real SMS (live mode)');
  }
  return deps.sandbox;
}

export function sandboxRoutes(deps: AppDeps): Route[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/sandbox/balance',
      tag: 'sandbox',
      access: 'admin',
      summary: "Sandbox only: set the simulator's SMS units left (null: unlimited), to try what an empty account does; 404 in live mode",
      body: balanceBody,
      responses: {
        200: { description: "The simulator's balance now", schema: sandboxBalanceSchema },
        ...COMMON_ERRORS,
        404: { description: 'Not in sandbox mode', schema: errorBodySchema },
      },
      handler: ({ body }) => {
        const simulator = sandboxSimulator(deps);
        simulator.setOptions({ balance: body.units ?? undefined });
        return { units: simulator.remainingBalance() ?? null };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/sandbox/inbound',
      tag: 'sandbox',
      access: 'user',
      summary: 'Sandbox only: pretend a customer sent the cafe an SMS (try STOP); 404 in live mode',
      body: inboundBody,
      responses: {
        201: { description: 'Received and handled (a STOP opts the customer out at once)', schema: inboundViewSchema },
        ...COMMON_ERRORS,
        404: { description: 'Not in sandbox mode', schema: errorBodySchema },
      },
      handler: async ({ body }, _request, reply) => {
        const simulator = sandboxSimulator(deps);
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
