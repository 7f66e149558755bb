// zod's small build: the client is in every command that calls the gateway, whose start-up is timed.
import * as z from 'zod/mini';

/** A gateway uid (13 hex characters on this platform), or any plausible id another installation uses. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{3,63}$/;
/** A count or an amount written as text ("3", "1.00", "-0.5"). */
export const NUMERIC_TEXT = /^-?\d+(\.\d+)?$/;

/**
 * What a message record's fields may hold, and what is kept of them. Every field is optional and a
 * field of the wrong shape is dropped, never fatal to the record. This is the definition; the quick
 * reader in record-fields.ts answers the same without zod's cost per record (a test compares them).
 */
const idLike = z.catch(
  z.optional(
    z.union([z.string().check(z.trim(), z.regex(ID_PATTERN)), z.pipe(z.number().check(z.int(), z.positive()), z.transform(String))]),
  ),
  undefined,
);
const text = z.catch(z.optional(z.union([z.string(), z.pipe(z.number(), z.transform(String))])), undefined);
const numeric = z.catch(
  z.optional(z.union([z.number(), z.pipe(z.string().check(z.trim(), z.regex(NUMERIC_TEXT)), z.transform(Number))])),
  undefined,
);

const recordSchema = z.looseObject({
  uid: idLike,
  message_uid: idLike,
  message_id: idLike,
  id: idLike,
  queue_uid: idLike,
  to: text,
  from: text,
  message: text,
  status: text,
  sms_type: text,
  sms_count: numeric,
  cost: numeric,
  send_by: z.catch(z.optional(z.enum(['from', 'to'])), undefined),
  created_at: text,
  updated_at: text,
});

/** The fields of a record that cafe-sms reads, each present only when it had a usable shape. */
export interface RecordFields {
  uid?: string | undefined;
  message_uid?: string | undefined;
  message_id?: string | undefined;
  id?: string | undefined;
  queue_uid?: string | undefined;
  to?: string | undefined;
  from?: string | undefined;
  message?: string | undefined;
  status?: string | undefined;
  sms_type?: string | undefined;
  sms_count?: number | undefined;
  cost?: number | undefined;
  send_by?: 'from' | 'to' | undefined;
  created_at?: string | undefined;
  updated_at?: string | undefined;
}

/** The record's fields by the schema, or undefined when the value is not an object at all. */
export function recordFieldsBySchema(raw: unknown): RecordFields | undefined {
  const parsed = recordSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}
