import * as z from 'zod';

/** Answers of the balance routes. */

export const accountBalanceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('units'),
    units: z.number().describe('SMS units left'),
    text: z.string().describe('the gateway\'s own text, e.g. "1,234"'),
  }),
  z.object({ kind: z.literal('unlimited'), text: z.string() }),
  z.object({ kind: z.literal('unknown'), reason: z.string().describe('why the balance is not known, in words for staff') }),
]);

export const balanceViewSchema = z.object({
  balance: accountBalanceSchema,
  unitPrice: z.number().nullable().describe('rupees per SMS unit (SMS_UNIT_PRICE), null when not set'),
  value: z.number().nullable().describe('units × unitPrice in rupees, null when either is not known'),
  lowThreshold: z.number().int().nullable().describe('the Settings low-balance warning, in SMS units'),
  low: z.boolean().describe('the units left are below lowThreshold'),
  checkedAt: z.string().describe('when the gateway was asked (ISO-8601); answers are reused for up to 30 s'),
  error: z
    .object({ code: z.string(), message: z.string() })
    .nullable()
    .describe('the gateway call failed (balance is then unknown): its error code and message'),
});
