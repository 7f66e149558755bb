/**
 * Pairs outbox rows whose outcome we lost (state `unknown`) or whose acceptance came without a uid
 * with the gateway's own records of what it sent. The gateway takes no idempotency key, so this is
 * the only way to learn whether a lost request went out: a record to the same number with exactly
 * the same text, created after the row was claimed (less a margin for clock skew), not already
 * owned by another row. One record pairs with one row at most.
 */
export interface RowToMatch {
  id: number;
  phone: string;
  body: string;
  /** When the row was last claimed (ISO-8601); its request cannot have been processed earlier. */
  claimedAt: string | null;
}

export interface ListedRecord {
  uid: string;
  phone: string;
  body: string;
  status: string | undefined;
  /** Epoch ms when the gateway's created_at carried a zone, else undefined (not comparable). */
  createdAtMs: number | undefined;
  /** Place in the list walk: 0 is the newest record. */
  position: number;
}

export interface MatchOptions {
  /** How far before a row's claim a record may be dated and still be its record (clock skew). */
  marginMs: number;
  /** Uids already on an outbox row: those records are someone else's. */
  takenUids: ReadonlySet<string>;
}

export function messageKey(phone: string, body: string): string {
  return `${phone}\u0000${body}`;
}

function byClaimThenId(a: RowToMatch, b: RowToMatch): number {
  const left = a.claimedAt ?? '';
  const right = b.claimedAt ?? '';
  if (left !== right) return left < right ? -1 : 1;
  return a.id - b.id;
}

/**
 * Earlier rows pick first and each takes the oldest record it may own, so when one number got the
 * same text twice the older record goes to the older row. Answers row id → record.
 */
export function matchRecordsToRows(
  rows: readonly RowToMatch[],
  records: readonly ListedRecord[],
  options: MatchOptions,
): Map<number, ListedRecord> {
  const byKey = new Map<string, ListedRecord[]>();
  for (const record of records) {
    if (options.takenUids.has(record.uid)) continue;
    const key = messageKey(record.phone, record.body);
    const list = byKey.get(key);
    if (list) list.push(record);
    else byKey.set(key, [record]);
  }
  for (const list of byKey.values()) list.sort((a, b) => b.position - a.position);

  const matches = new Map<number, ListedRecord>();
  const used = new Set<string>();
  for (const row of [...rows].sort(byClaimThenId)) {
    const candidates = byKey.get(messageKey(row.phone, row.body)) ?? [];
    const earliest = row.claimedAt === null ? Number.NEGATIVE_INFINITY : Date.parse(row.claimedAt) - options.marginMs;
    const record = candidates.find((r) => !used.has(r.uid) && (r.createdAtMs === undefined || r.createdAtMs >= earliest));
    if (record === undefined) continue;
    used.add(record.uid);
    matches.set(row.id, record);
  }
  return matches;
}
