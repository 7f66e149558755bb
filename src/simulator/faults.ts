import * as z from 'zod';
import { CafeError } from '../errors/index.js';
import type { Random } from './random.js';
import type { ApiOperation, FaultKind, FaultRule } from './types.js';

export const FAULT_KINDS = [
  'http_500',
  'http_502',
  'http_503',
  'http_504',
  'http_429',
  'throttle_envelope',
  'unauthenticated',
  'cut_before_accept',
  'cut_after_accept',
  'html_200',
  'not_json',
  'unexpected_shape',
  'delay',
] as const satisfies readonly FaultKind[];

/** How long a 'delay' fault holds the answer back when the rule does not say. */
export const DEFAULT_FAULT_DELAY_MS = 1000;

const ruleSchema = z.strictObject({
  kind: z.enum(FAULT_KINDS),
  on: z.enum(['send', 'bulk', 'get', 'list', 'balance', 'any']).optional(),
  times: z.number().int('must be a whole number').min(1, 'must be at least 1').optional(),
  delayMs: z.number().int('must be a whole number').min(0, 'must be 0 or more').optional(),
  retryAfterSeconds: z.number().int('must be a whole number').min(0, 'must be 0 or more').optional(),
});

/** Checks fault rules given in code or as JSON; a bad rule is an invalid_input error naming the field. */
export function parseFaultRules(input: unknown): FaultRule[] {
  if (!Array.isArray(input)) {
    throw new CafeError('invalid_input', 'Fault rules must be an array such as [{"kind": "http_503", "on": "send"}]');
  }
  return input.map((rule, index) => {
    const parsed = ruleSchema.safeParse(rule);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const field = issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue?.path.join('.') || 'rule';
    const why = issue?.code === 'unrecognized_keys' ? 'is not a fault rule field' : (issue?.message ?? 'is invalid');
    const kinds = issue?.path[0] === 'kind' ? ` (one of ${FAULT_KINDS.join(', ')})` : '';
    throw new CafeError('invalid_input', `Fault rule ${index}: ${field} ${why}${kinds}`, { input: field });
  });
}

/** Injected fault rules waiting for their calls, first injected first applied. */
export interface FaultQueue {
  push(rules: readonly FaultRule[]): void;
  /** The rule that applies to this call, counting the call against it; undefined when none does. */
  take(operation: ApiOperation): FaultRule | undefined;
  clear(): void;
  pending(): number;
}

export function createFaultQueue(): FaultQueue {
  const queue: { rule: FaultRule; left: number }[] = [];
  return {
    push(rules) {
      for (const rule of rules) queue.push({ rule, left: rule.times ?? 1 });
    },
    take(operation) {
      const index = queue.findIndex(({ rule }) => (rule.on ?? 'any') === 'any' || rule.on === operation);
      const entry = queue[index];
      if (!entry) return undefined;
      entry.left -= 1;
      if (entry.left <= 0) queue.splice(index, 1);
      return entry.rule;
    },
    clear() {
      queue.length = 0;
    },
    pending: () => queue.length,
  };
}

/**
 * The random fault for a call, if its draw hits: errorRate answers 503 before processing, cutRate
 * cuts send and bulk calls after processing. A rate of 0 costs no draw, so a simulator without
 * random faults keeps the same sequence for uids and order whatever it is asked.
 */
export function drawRandomFault(
  random: Random,
  operation: ApiOperation,
  rates: { errorRate: number; cutRate: number },
): FaultRule | undefined {
  if (rates.errorRate > 0 && random.next() < rates.errorRate) return { kind: 'http_503' };
  const cuttable = operation === 'send' || operation === 'bulk';
  if (cuttable && rates.cutRate > 0 && random.next() < rates.cutRate) return { kind: 'cut_after_accept' };
  return undefined;
}
