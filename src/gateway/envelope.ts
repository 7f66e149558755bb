/**
 * The gateway's answer envelope. Only `status` is required; every other key is kept because some
 * installations put things beside `data` (a 202 acceptance carries `queue_uid` at the top level).
 */
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

const STATUSES: ReadonlySet<string> = new Set<Envelope['status']>(['success', 'error', 'accepted']);

/** The envelope's status, read in any case and spacing; undefined when the JSON is not an envelope. */
function envelopeStatus(json: unknown): Envelope['status'] | undefined {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const status = (json as Record<string, unknown>).status;
  if (typeof status !== 'string') return undefined;
  const normalised = status.trim().toLowerCase();
  return STATUSES.has(normalised) ? (normalised as Envelope['status']) : undefined;
}

/** Reads a body as the envelope, or says it is not one (HTML from a proxy, plain text, other JSON). */
export function parseEnvelope(bodyText: string): ParsedBody {
  const json = parseJson(bodyText);
  const status = envelopeStatus(json);
  if (status === undefined) return { kind: 'not_envelope', body: bodyText };
  const raw = json as Record<string, unknown>;
  const message = flattenMessage(raw.message) ?? flattenMessage(raw.errors);
  return { kind: 'envelope', envelope: { status, message, data: raw.data, raw } };
}
