import { CafeError } from '../errors/index.js';

/** Fields every template may use, whatever custom fields the contacts have. */
export const BUILT_IN_TEMPLATE_FIELDS = Object.freeze(['name', 'first_name', 'phone'] as const);

export type TemplateValues = Readonly<Record<string, string | null | undefined>>;

export interface CompileTemplateOptions {
  /** Custom field keys besides the built-in name, first_name and phone. */
  knownFields: Iterable<string>;
}

export interface CompiledTemplate {
  /** The distinct fields the template uses, lower-cased, in order of first use. */
  readonly placeholders: readonly string[];
  /**
   * The message for one recipient. `first_name` comes from the first word of `name` unless given.
   * An empty or missing value without a fallback renders as nothing, and the gap it would leave
   * closes: a doubled space becomes one ("Dear {{name}} thanks" → "Dear thanks"), a separator
   * before punctuation or the end goes ("Hi {{name}}, welcome" → "Hi, welcome"; "Thanks, {{name}}!"
   * → "Thanks!").
   */
  render(values: TemplateValues): string;
}

interface Placeholder {
  field: string;
  fallback: string | undefined;
}

type Part = string | Placeholder;

const FIELD_NAME = /^[\p{L}\p{N}_]+$/u;
/** After an empty value, the space (or ", ") before these goes too: "Hi {{name}}, …" → "Hi, …". */
const ENDS_A_CLAUSE = /^[,.!?;:)\n]/;

/**
 * Checks a template once and answers a renderer to run for each recipient (a campaign renders it
 * a million times, so the text is parsed here and never again).
 * Placeholders: `{{field}}` and `{{field|fallback}}`, spaces allowed inside the braces.
 */
export function compileTemplate(text: string, options: CompileTemplateOptions): CompiledTemplate {
  const known = knownFieldSet(options.knownFields);
  const parts = parse(text, known);
  const placeholders = [...new Set(parts.filter((p): p is Placeholder => typeof p !== 'string').map((p) => p.field))];
  return Object.freeze({ placeholders: Object.freeze(placeholders), render: (values: TemplateValues) => render(parts, values) });
}

function knownFieldSet(custom: Iterable<string>): Set<string> {
  const known = new Set<string>(BUILT_IN_TEMPLATE_FIELDS);
  for (const field of custom) known.add(field.toLowerCase());
  return known;
}

function parse(text: string, known: ReadonlySet<string>): Part[] {
  const parts: Part[] = [];
  let position = 0;
  for (;;) {
    const open = text.indexOf('{{', position);
    if (open === -1) {
      parts.push(text.slice(position));
      return parts;
    }
    const close = text.indexOf('}}', open + 2);
    const inner = close === -1 ? '' : text.slice(open + 2, close);
    if (close === -1 || inner.includes('{{')) throw unclosed(text, open);
    parts.push(text.slice(position, open));
    parts.push(placeholder(inner, known));
    position = close + 2;
  }
}

function placeholder(inner: string, known: ReadonlySet<string>): Placeholder {
  const bar = inner.indexOf('|');
  const field = (bar === -1 ? inner : inner.slice(0, bar)).trim().toLowerCase();
  const fallback = bar === -1 ? undefined : inner.slice(bar + 1).trim();
  if (!FIELD_NAME.test(field)) {
    throw new CafeError(
      'invalid_input',
      `{{${inner}}} is not a placeholder: write {{field}} or {{field|fallback}}, e.g. {{first_name|friend}}`,
      { input: `{{${inner}}}` },
    );
  }
  if (!known.has(field)) {
    const fields = [...known];
    throw new CafeError('invalid_input', `Unknown placeholder {{${field}}}: the fields you can use are ${fields.join(', ')}`, {
      input: `{{${inner}}}`,
      details: { placeholder: field, knownFields: fields },
    });
  }
  return { field, fallback };
}

function unclosed(text: string, open: number): CafeError {
  const snippet = text.slice(open, open + 24);
  return new CafeError(
    'invalid_input',
    `The template has "{{" without a closing "}}" at character ${open + 1} ("${snippet}"): close it, e.g. {{name}}`,
    { input: snippet, details: { position: open } },
  );
}

function render(parts: readonly Part[], values: TemplateValues): string {
  let out = '';
  let gapOpen = false;
  for (const part of parts) {
    if (typeof part === 'string') {
      let literal = part;
      if (gapOpen && literal !== '') {
        if (ENDS_A_CLAUSE.test(literal)) out = withoutSeparator(out);
        else if (literal.startsWith(' ')) {
          if (out.endsWith(' ')) out = out.slice(0, -1);
          else if (out === '' || out.endsWith('\n')) literal = literal.slice(1);
        }
        gapOpen = false;
      }
      out += literal;
      continue;
    }
    const value = valueOf(part, values);
    if (value === '') gapOpen = true;
    else {
      out += value;
      gapOpen = false;
    }
  }
  return gapOpen ? withoutSeparator(out) : out;
}

/** "Thanks, " before an empty value at the end of a clause becomes "Thanks". */
function withoutSeparator(text: string): string {
  if (text.endsWith(', ')) return text.slice(0, -2);
  return text.endsWith(' ') ? text.slice(0, -1) : text;
}

function valueOf(placeholder: Placeholder, values: TemplateValues): string {
  let value = ownText(values, placeholder.field).trim();
  if (value === '' && placeholder.field === 'first_name') value = firstWord(ownText(values, 'name'));
  return value === '' ? (placeholder.fallback ?? '') : value;
}

function firstWord(name: string): string {
  return name.trim().split(/\s+/, 1)[0] ?? '';
}

/**
 * A value the contact really has: `values.constructor` on a plain object is JavaScript's own
 * `Object`, which once rendered as its source text and then failed every send of the campaign.
 */
function ownText(values: TemplateValues, field: string): string {
  if (!Object.hasOwn(values, field)) return '';
  const value = values[field];
  return typeof value === 'string' ? value : '';
}
