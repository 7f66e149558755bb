import type { Kysely } from 'kysely';
import { CafeError, isCafeError } from '../errors/index.js';
import type { MessageType } from '../gateway/types.js';
import {
  BUILT_IN_TEMPLATE_FIELDS,
  compileTemplate,
  createOptOutAppender,
  isImageUrl,
  measureSms,
  type CompiledTemplate,
  type SmsEncoding,
} from '../sms/index.js';
import { customFieldKeys, type Database } from '../store/index.js';

/** What turns a template into one recipient's SMS. */
export interface MessageRules {
  template: string;
  type: MessageType;
  /** Appended on its own line; null for transactional and image campaigns. */
  optOutText: string | null;
  /** Longest message, in SMS parts (config.maxSegments); a longer one is not sent. */
  maxSegments: number;
}

/** The part of a contact a message is rendered from. */
export interface RecipientFields {
  phone: string;
  name: string | null;
  /** Custom fields: an object, or the JSON text the contacts table stores. */
  fields: Record<string, string> | string;
}

export type ExclusionReason = 'optedOut' | 'invalidPhone' | 'emptyMessage' | 'invalidImageUrl' | 'tooLong';

export interface MeasuredMessage {
  body: string;
  encoding: SmsEncoding;
  segments: number;
  characters: number;
}

export type BuiltMessage =
  | ({ ok: true } & MeasuredMessage)
  | { ok: false; reason: Exclude<ExclusionReason, 'tooLong'> }
  /** Built, but longer than a message may be: `message` says how long. */
  | ({ ok: false; reason: 'tooLong' } & MeasuredMessage);

/**
 * Compiles a template for a new campaign: every placeholder must be a built-in field or a custom
 * field some contact has, so a typo is refused before anything is stored or sent.
 */
export async function compileForCampaign(db: Kysely<Database>, template: string): Promise<CompiledTemplate> {
  return compileTemplate(template, { knownFields: await customFieldKeys(db) });
}

/**
 * Compiles a template that was checked when its campaign was created. The custom fields it names
 * may since have vanished from every contact (they then render empty), and listing the field keys
 * in use scans every contact: this accepts whatever placeholders the template has.
 */
export function compileStoredTemplate(template: string): CompiledTemplate {
  const known = new Set<string>();
  for (;;) {
    try {
      return compileTemplate(template, { knownFields: known });
    } catch (error) {
      const placeholder = isCafeError(error) ? error.details?.placeholder : undefined;
      if (typeof placeholder !== 'string' || known.has(placeholder)) throw error;
      known.add(placeholder);
    }
  }
}

/**
 * An image campaign sends a URL: refused at creation unless its template is a URL, or starts with
 * a placeholder that may hold one (that contact's rendered URL is checked again at send time).
 */
export function assertImageTemplate(compiled: CompiledTemplate, template: string): void {
  const trimmed = template.trim();
  if (trimmed.startsWith('{{')) return;
  const sample = compiled.render(Object.fromEntries(compiled.placeholders.map((field) => [field, 'x'])));
  if (!isImageUrl(sample)) {
    throw new CafeError(
      'invalid_input',
      `An image campaign's message must be the image's http(s) URL, e.g. https://cafe.example/menu.jpg; got "${template}"`,
      { input: template },
    );
  }
}

function parseFields(fields: RecipientFields['fields']): Record<string, string> {
  if (typeof fields !== 'string') return fields;
  const parsed: unknown = JSON.parse(fields);
  const out = Object.create(null) as Record<string, string>;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return out;
  for (const [key, value] of Object.entries(parsed)) if (value !== null && value !== undefined) out[key] = String(value);
  return out;
}

/**
 * Renders and measures one recipient's message. The body of a text message is the rendered
 * template plus, for promotional campaigns, the opt-out line; an image message is the URL alone.
 */
export function createMessageBuilder(compiled: CompiledTemplate, rules: MessageRules): (recipient: RecipientFields) => BuiltMessage {
  const usesCustomFields = compiled.placeholders.some((field) => !(BUILT_IN_TEMPLATE_FIELDS as readonly string[]).includes(field));
  const appendOptOutLine = createOptOutAppender(rules.optOutText);
  return (recipient) => {
    const fields = usesCustomFields ? parseFields(recipient.fields) : {};
    const rendered = compiled.render({ ...fields, name: recipient.name, phone: recipient.phone }).trim();
    if (rendered === '') return { ok: false, reason: 'emptyMessage' };
    if (rules.type === 'image' && !isImageUrl(rendered)) return { ok: false, reason: 'invalidImageUrl' };
    const body = appendOptOutLine(rendered);
    const shape = measureSms(body);
    const measured = { body, encoding: shape.encoding, segments: shape.segments, characters: shape.characters };
    return shape.segments > rules.maxSegments ? { ok: false, reason: 'tooLong', ...measured } : { ok: true, ...measured };
  };
}
