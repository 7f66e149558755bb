import type { Kysely } from 'kysely';
import { sha256Hex } from '../access/index.js';
import { CafeError } from '../errors/index.js';
import {
  type Database,
  deleteIdempotencyRecordsBefore,
  findIdempotencyRecord,
  insertIdempotencyRecord,
  lockKeyForTransaction,
  writeTransaction,
} from '../store/index.js';

/**
 * Answers are kept a week. Even after that a repeat cannot send twice: the outbox row carries the
 * key too (unique), and enqueueOneOff answers that row again.
 */
export const IDEMPOTENCY_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface IdempotentAnswer {
  statusCode: number;
  body: unknown;
  /** true when this is the stored answer to an earlier request with the same key. */
  replayed: boolean;
}

export interface IdempotencyRequest {
  /** Whose key it is (see idempotencyScope). */
  scope: string;
  key: string;
  /** What the request asks for; a repeat must ask for exactly the same. */
  request: unknown;
  now: Date;
}

/** JSON with object keys sorted, so the same request always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Runs `perform` at most once per (scope, key). The look-up, the work and the stored answer share
 * one write transaction: a duplicate arriving while the first is being handled waits for the lock
 * and then finds the answer, so it can never enqueue a second SMS (on PostgreSQL, where other
 * requests' transactions run side by side, the lock is on the key). The same key with a different
 * request is a conflict.
 */
export async function runIdempotent(
  db: Kysely<Database>,
  request: IdempotencyRequest,
  perform: (trx: Kysely<Database>) => Promise<{ statusCode: number; body: unknown }>,
): Promise<IdempotentAnswer> {
  const requestHash = sha256Hex(canonicalJson(request.request));
  return writeTransaction(db, async (trx) => {
    await lockKeyForTransaction(trx, `idempotency:${request.scope}:${request.key}`);
    const earlier = await findIdempotencyRecord(trx, request.scope, request.key);
    if (earlier !== undefined) {
      if (earlier.request_hash !== requestHash) {
        throw new CafeError('conflict', 'This Idempotency-Key was already used for a different request; use a new key for a new message', {
          field: 'Idempotency-Key',
        });
      }
      return { statusCode: earlier.status_code, body: JSON.parse(earlier.response) as unknown, replayed: true };
    }
    const answer = await perform(trx);
    await deleteIdempotencyRecordsBefore(trx, new Date(request.now.getTime() - IDEMPOTENCY_TTL_MS).toISOString());
    await insertIdempotencyRecord(trx, {
      scope: request.scope,
      key: request.key,
      requestHash,
      statusCode: answer.statusCode,
      response: JSON.stringify(answer.body),
      nowIso: request.now.toISOString(),
    });
    return { ...answer, replayed: false };
  });
}
