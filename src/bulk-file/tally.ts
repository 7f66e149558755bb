import type { BulkResultRow, ResultOutcome } from './write-results.js';

export interface BulkCounts {
  total: number;
  accepted: number;
  rejected: number;
  unknown: number;
  /** Rows never handed to the gateway because sending stopped first (outcome `not_sent`): safe to send again. */
  notSent: number;
  invalid: number;
  /** Rows not sent because the customer opted out. */
  skipped: number;
  /** SMS parts of the accepted messages. */
  segments: number;
}

/** Rows that share one failure reason, with their first few line numbers as examples. */
export interface ReasonGroup {
  reason: string;
  count: number;
  lines: number[];
}

export interface BulkSummary extends BulkCounts {
  /** Rejections grouped by reason, most frequent first. */
  rejectedReasons: ReasonGroup[];
  /** The first few lines whose outcome is unknown (they may have been sent); `unknown` has the count. */
  unknownLines: number[];
  /** The first few lines skipped because the customer opted out; `skipped` has the count. */
  skippedLines: number[];
  /** The lowest few lines that were never sent (outcome `not_sent`); `notSent` has the count. */
  notSentLines: number[];
}

export interface BulkTally {
  add(row: BulkResultRow, segments: number): void;
  summary(): BulkSummary;
}

const EXAMPLE_LINES = 10;
/** Reasons that embed a number would otherwise make one group per row. */
const MAX_REASON_GROUPS = 20;
const OTHER_REASONS = 'other reasons (see the results file)';

/** The count each outcome of the results file adds to. */
const COUNT_OF: Readonly<Record<ResultOutcome, Exclude<keyof BulkCounts, 'total' | 'segments'>>> = Object.freeze({
  accepted: 'accepted',
  rejected: 'rejected',
  unknown: 'unknown',
  not_sent: 'notSent',
  invalid: 'invalid',
  skipped: 'skipped',
});

/** Keeps the EXAMPLE_LINES lowest lines in order: rows settle out of order, and the first ones are what to look at. */
function keepLowest(lines: number[], line: number): void {
  if (lines.length === EXAMPLE_LINES && line >= (lines.at(-1) as number)) return;
  let at = lines.length;
  while (at > 0 && (lines[at - 1] as number) > line) at -= 1;
  lines.splice(at, 0, line);
  if (lines.length > EXAMPLE_LINES) lines.pop();
}

/** Counts what became of the rows of a bulk file as they settle, keeping only a few examples. */
export function createBulkTally(): BulkTally {
  const counts: BulkCounts = { total: 0, accepted: 0, rejected: 0, unknown: 0, notSent: 0, invalid: 0, skipped: 0, segments: 0 };
  const reasons = new Map<string, ReasonGroup>();
  const unknownLines: number[] = [];
  const skippedLines: number[] = [];
  const notSentLines: number[] = [];

  const addReason = (reason: string, line: number) => {
    const key = reasons.has(reason) || reasons.size < MAX_REASON_GROUPS ? reason : OTHER_REASONS;
    const group = reasons.get(key) ?? { reason: key, count: 0, lines: [] };
    group.count += 1;
    if (group.lines.length < EXAMPLE_LINES) group.lines.push(line);
    reasons.set(key, group);
  };

  return {
    add(row, segments) {
      counts.total += 1;
      counts[COUNT_OF[row.outcome]] += 1;
      counts.segments += segments;
      if (row.outcome === 'rejected') addReason(row.error, row.line);
      if (row.outcome === 'unknown' && unknownLines.length < EXAMPLE_LINES) unknownLines.push(row.line);
      if (row.outcome === 'skipped' && skippedLines.length < EXAMPLE_LINES) skippedLines.push(row.line);
      if (row.outcome === 'not_sent') keepLowest(notSentLines, row.line);
    },
    summary: () => ({
      ...counts,
      rejectedReasons: [...reasons.values()].sort((a, b) => b.count - a.count).map((g) => ({ ...g, lines: [...g.lines] })),
      unknownLines: [...unknownLines],
      // Calls settle out of order; the examples read better in file order.
      skippedLines: [...skippedLines].sort((a, b) => a - b),
      notSentLines: [...notSentLines],
    }),
  };
}
