import { failure, success, type Answer } from './answers.js';
import { laravelPage } from './paginate.js';
import { viewAt } from './record-store.js';
import { VALIDATION } from './request-fields.js';
import type { SimulatorState } from './state.js';
import type { SimRecord } from './types.js';

export const NOT_FOUND_MESSAGE = 'SMS Info not found';

/** GET sms/{uid}: the record with its status as of now. */
export function processGet(state: SimulatorState, uid: string): Answer {
  const record = state.records.get(uid);
  if (!record) return failure(NOT_FOUND_MESSAGE);
  return success(viewAt(record, state.settings.now()));
}

/** The page asked for, or the validation message for a bad one. Absent means page 1. */
function readPage(raw: unknown): number | string {
  if (raw === undefined) return 1;
  if (typeof raw !== 'string' || !/^\s*-?\d+\s*$/.test(raw)) return VALIDATION.integer('page');
  const page = Number(raw);
  if (!Number.isSafeInteger(page)) return VALIDATION.integer('page');
  if (page < 1) return VALIDATION.atLeast('page', 1);
  return page;
}

/**
 * GET sms?page=N: newest first, inbound and outbound together. Only the page's records are
 * viewed, so a call costs the same with 100 records stored or 100,000.
 */
export function processList(state: SimulatorState, pageParam: unknown, listUrl: string): Answer {
  const page = readPage(pageParam);
  if (typeof page === 'string') return failure(page);
  const { perPage } = state.settings;
  const total = state.records.count();
  const now = state.settings.now();
  const items: SimRecord[] = [];
  const newestIndex = total - 1 - (page - 1) * perPage;
  for (let i = newestIndex; i > newestIndex - perPage && i >= 0; i--) {
    const record = state.records.at(i);
    if (record) items.push(viewAt(record, now));
  }
  return success(laravelPage({ path: listUrl, page, perPage, total, items }));
}
