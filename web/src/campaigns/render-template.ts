import type { Contact } from '../api/types';
import { appendOptOutLine, BUILT_IN_TEMPLATE_FIELDS, CafeError, compileTemplate, type TemplateValues } from '../sms/measure';

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

/** The opt-out line goes on its own line after the message of a promotional text campaign. */
export function withOptOutLine(body: string, optOutText: string | null): string {
  return appendOptOutLine(body, optOutText);
}

/**
 * The opt-out line a message actually ends with (src/sms createOptOutAppender): an English (GSM-7)
 * body gets only the line's GSM-7 sentences, any other body the whole line. Image messages and
 * transactional ones get none: pass null for `optOutText` then. An empty body is measured as English.
 */
export function optOutLineFor(body: string, optOutText: string | null): string | null {
  const probe = body === '' ? 'x' : body;
  const appended = appendOptOutLine(probe, optOutText);
  return appended === probe ? null : appended.slice(probe.length + 1);
}

/** Both forms of the line: what English (GSM-7) messages get and what the others get; equal when the line is all GSM-7. */
export function optOutLineVariants(optOutText: string | null): { english: string; other: string } | null {
  const english = optOutLineFor('x', optOutText);
  const other = optOutLineFor('\u0628', optOutText);
  return english === null || other === null ? null : { english, other };
}

export function contactValues(contact: Contact): TemplateValues {
  return { ...contact.fields, name: contact.name, phone: contact.phone };
}

/** Inserts `text` at the textarea's selection, answering the new value and where the caret goes. */
export function insertAt(value: string, start: number, end: number, text: string): { value: string; caret: number } {
  return { value: value.slice(0, start) + text + value.slice(end), caret: start + text.length };
}
