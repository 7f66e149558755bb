import { z } from 'zod';

/**
 * The gateway's answer envelope. Only `status` is required; every other key is kept because some
 * installations put things beside `data` (a 202 acceptance carries `queue_uid` at the top level).
 */
const envelopeSchema = z.looseObject({
  status: z
    .string()
    .transform((s) => s.trim().toLowerCase())
    .pipe(z.enum(['success', 'error', 'accepted'])),
  message: z.unknown().optional(),
  data: z.unknown().optional(),
});

export interface Envelope {
  status: 'success' | 'error' | 'accepted';
  /** The human-readable message, flattened to one string when the gateway sent a list or map. */
  message: string | undefined;
  data: unknown;
  /** The whole envelope as received. */
  raw: Record<string, unknown>;
}

export type ParsedBody = { kind: 'envelope'; envelope: Envelope } | { kind: 'not_envelope'; body: string };

/** Laravel validation answers may carry `message` as a string and `errors` as {field: [texts]}. */
function flattenMessage(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (Array.isArray(value)) return joinTexts(value);
  if (value !== null && typeof value === 'object') return joinTexts(Object.values(value).flat());
  return undefined;
}

function joinTexts(values: unknown[]): string | undefined {
  const texts = values.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  return texts.length === 0 ? undefined : texts.join(' ');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Reads a body as the envelope, or says it is not one (HTML from a proxy, plain text, other JSON). */
export function parseEnvelope(bodyText: string): ParsedBody {
  const json = parseJson(bodyText);
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) return { kind: 'not_envelope', body: bodyText };
  const raw = json as Record<string, unknown>;
  const message = flattenMessage(parsed.data.message) ?? flattenMessage(raw.errors);
  return {
    kind: 'envelope',
    envelope: { status: parsed.data.status, message, data: parsed.data.data, raw },
  };
}
