import type { Contact } from '../api/types';
import { BUILT_IN_TEMPLATE_FIELDS, CafeError, compileTemplate, type TemplateValues } from '../sms/measure';

/**
 * The opt-out line as the outbox appends it (src/sms/opt-out-line.ts), under the names the composer
 * uses: withOptOutLine(body, line) is the message as sent, optOutLineFor(body, line) the line it ends with.
 */
export { appendOptOutLine as withOptOutLine, optOutLineAfter as optOutLineFor, optOutLineVariants } from '../sms/measure';

/** Placeholders every contact has; custom fields of the contacts can be used too. */
export const BUILT_IN_PLACEHOLDERS: readonly string[] = BUILT_IN_TEMPLATE_FIELDS;

/** Values used for the instant counter until a real contact is picked. */
export const SAMPLE_VALUES: TemplateValues = Object.freeze({ name: 'Ayesha Khan', phone: '923001234567' });

export interface LocalRendering {
  /** The message as the counter measures it. */
  text: string;
  /** A template the server will refuse for its syntax (an unclosed `{{`), said at once. */
  error?: string;
}

/**
 * Renders with the server's template engine. Which custom fields exist is only known to the server
 * (it answers an unknown placeholder through the preview), so here every well-formed placeholder
 * is accepted and a missing value renders empty or as its fallback, as it would for that contact.
 */
export function renderForCounter(template: string, values: TemplateValues): LocalRendering {
  const known = new Set<string>();
  for (;;) {
    try {
      return { text: compileTemplate(template, { knownFields: known }).render(values).trim() };
    } catch (error) {
      const placeholder = error instanceof CafeError ? error.details?.placeholder : undefined;
      if (typeof placeholder === 'string' && !known.has(placeholder)) {
        known.add(placeholder);
        continue;
      }
      return { text: template, error: error instanceof Error ? error.message : String(error) };
    }
  }
}

export function contactValues(contact: Contact): TemplateValues {
  return { ...contact.fields, name: contact.name, phone: contact.phone };
}

/** Inserts `text` at the textarea's selection, answering the new value and where the caret goes. */
export function insertAt(value: string, start: number, end: number, text: string): { value: string; caret: number } {
  return { value: value.slice(0, start) + text + value.slice(end), caret: start + text.length };
}
