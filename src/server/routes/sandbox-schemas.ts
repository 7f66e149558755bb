import * as z from 'zod';

/** Answers of the sandbox routes; a pretend reply answers as inbound-schemas' inboundViewSchema. */

export const sandboxBalanceSchema = z.object({
  units: z.number().nullable().describe("the simulator's SMS units left; null: unlimited"),
});
