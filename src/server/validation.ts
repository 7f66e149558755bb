import type { z } from 'zod';
import { CafeError } from '../errors/index.js';

/** Where an input came from: named in the error when the problem is the whole thing rather than one field. */
export type InputSource = 'body' | 'query' | 'params' | 'headers';

/** A required value that is simply absent: said plainly, whatever message the schema gives a wrong one. */
function isMissing(issue: z.core.$ZodIssue): boolean {
  return (issue.code === 'invalid_type' || issue.code === 'invalid_value') && 'input' in issue && issue.input === undefined;
}

function describeIssue(issue: z.core.$ZodIssue, source: InputSource): { field: string; message: string } {
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const field = [...issue.path, key].join('.');
    return { field, message: 'Is not a field this request takes; remove it (check the spelling)' };
  }
  const field = issue.path.length === 0 ? source : issue.path.map(String).join('.');
  return { field, message: isMissing(issue) ? 'Is required' : asSentence(issue.message) };
}

/** The message is shown next to the field it blames, so it starts a sentence of its own. */
function asSentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/**
 * Parses one part of a request with its zod schema. A failure is a CafeError invalid_input that
 * names the field (`field`, kept out of the message) and says what is wrong with it; only the first
 * problem is reported, so the message stays short enough to show next to the field.
 */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, source: InputSource): T {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue === undefined) throw new CafeError('invalid_input', 'Is not valid', { field: source });
  const { field, message } = describeIssue(issue, source);
  return failWith(field, message);
}

function failWith(field: string, message: string): never {
  throw new CafeError('invalid_input', message, { field });
}
