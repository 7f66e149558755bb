import type { Kysely } from 'kysely';
import * as z from 'zod';
import { CafeError } from '../errors/index.js';
import { formatLocal } from '../quiet-hours/index.js';
import type { MessageType } from '../gateway/types.js';
import { isImageUrl, measureSms, normalizePhone } from '../sms/index.js';
import { type Database, findContactByPhone, type OutboxMessage } from '../store/index.js';
import { insertOneOff } from '../store/outbox/index.js';

export interface OneOffInput {
  /** As staff or an API caller write it; normalised with the default country. */
  phone: string;
  /** The text, or for `image` the image URL. */
  body: string;
  type?: MessageType;
  /** The API request's Idempotency-Key: a repeat answers the row the first request made. */
  idempotencyKey?: string;
}

export interface EnqueueOptions {
  now: Date;
  /** For numbers written without a country code; default PK. */
  defaultCountry?: string;
}

export interface EnqueuedMessage {
  message: OutboxMessage;
  /** false when the idempotency key was used before and the earlier row is answered. */
  created: boolean;
}

/**
 * The worker would skip the message when it comes to send it; saying so now lets the caller (the
 * dashboard, an integration) know at once. Checked in the write transaction that would queue it.
 */
async function refuseOptedOut(db: Kysely<Database>, phone: string): Promise<void> {
  const contact = await findContactByPhone(db, phone);
  if (contact?.optedOutAt == null) return;
  throw new CafeError(
    'conflict',
    `${phone} opted out of messages on ${formatLocal(new Date(contact.optedOutAt))} (cafe time): nothing is sent to them. ` +
      'They opt back in by replying START, or staff can opt them in on the Contacts page.',
    { input: phone, field: 'phone' },
  );
}

/** Transactional one-offs jump the campaign queue and are never held by quiet hours. */
export const ONE_OFF_PRIORITY = 10;

const inputSchema = z.object({
  phone: z.string({ error: 'phone must be a text such as "0300-1234567"' }),
  body: z
    .string({ error: 'body must be the text of the message' })
    .refine((body) => body.trim() !== '', 'The message is empty: write the text to send'),
  type: z.enum(['text', 'image'], { error: 'type must be "text" or "image"' }).default('text'),
  idempotencyKey: z
    .string()
    .trim()
    .min(1, 'The idempotency key is empty')
    .max(255, 'The idempotency key is longer than 255 characters')
    .optional(),
});

/**
 * Puts one transactional SMS in the outbox (campaign_id null, priority 10, not promotional). The
 * worker sends it with the same exactly-once guarantee as campaign rows. With an idempotency key, a
 * repeated request answers the existing row; the same key with a different phone, text or type is a
 * conflict, since the caller is reusing a key for another message.
 */
export async function enqueueOneOff(db: Kysely<Database>, input: OneOffInput, options: EnqueueOptions): Promise<EnqueuedMessage> {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? 'message');
    throw new CafeError('invalid_input', issue?.message ?? `Invalid ${field}`, { input: field });
  }
  const { body, type, idempotencyKey } = parsed.data;
  const phone = normalizePhone(parsed.data.phone, options.defaultCountry ?? 'PK');
  if (type === 'image' && !isImageUrl(body)) {
    throw new CafeError('invalid_input', `An image message must be an http(s) URL of the image, got "${body}"`, { input: 'body' });
  }
  const contact = await findContactByPhone(db, phone);
  const shape = measureSms(body);
  const nowIso = options.now.toISOString();
  const result = await insertOneOff(
    db,
    {
      campaign_id: null,
      contact_id: contact?.id ?? null,
      phone,
      body,
      type,
      encoding: shape.encoding,
      segments: Math.max(1, shape.segments),
      promotional: 0,
      priority: ONE_OFF_PRIORITY,
      state: 'queued',
      attempts: 0,
      next_attempt_at: nowIso,
      idempotency_key: idempotencyKey ?? null,
      created_at: nowIso,
      updated_at: nowIso,
    } as const,
    (trx) => refuseOptedOut(trx, phone),
  );
  if (!result.created && (result.message.phone !== phone || result.message.body !== body || result.message.type !== type)) {
    throw new CafeError(
      'conflict',
      `The idempotency key "${idempotencyKey}" was already used for a different message (#${result.message.id}); ` +
        'use a new key for a new message',
      { input: 'idempotencyKey' },
    );
  }
  return result;
}
