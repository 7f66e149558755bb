import type { SimRecord } from './types.js';

export type SmsType = SimRecord['sms_type'];

/** What a route knows about a new message; the store adds uid and times. */
export interface RecordDraft {
  to: string;
  from: string;
  message: string;
  smsType: SmsType;
  smsCount: number;
  cost: string;
  sendBy: 'from' | 'to';
  /** The status the creating call answers with. */
  answerStatus: string;
  /** The status read back until `settledAt`. */
  pendingStatus: string;
  /** The status read back from `settledAt` on. */
  settledStatus: string;
  /** Milliseconds after creation when the status settles; 0 for records that never change. */
  settlesAfterMs: number;
}

export interface StoredRecord {
  readonly uid: string;
  readonly draft: RecordDraft;
  readonly createdAt: string;
  readonly settledAtMs: number;
  readonly settledAt: string;
}

/** Records kept in memory: an array for order (oldest first) and a Map for lookup by uid. */
export interface RecordStore {
  add(draft: RecordDraft, nowMs: number): StoredRecord;
  get(uid: string): StoredRecord | undefined;
  count(): number;
  /** The record at an index, oldest first. */
  at(index: number): StoredRecord | undefined;
  all(): readonly StoredRecord[];
  clear(): void;
}

/** `nextUid` proposes uids; the store skips any already taken. */
export function createRecordStore(nextUid: () => string): RecordStore {
  const list: StoredRecord[] = [];
  const byUid = new Map<string, StoredRecord>();
  const freshUid = (): string => {
    let uid = nextUid();
    while (byUid.has(uid)) uid = nextUid();
    return uid;
  };
  return {
    add(draft, nowMs) {
      const settledAtMs = nowMs + draft.settlesAfterMs;
      const record: StoredRecord = {
        uid: freshUid(),
        draft,
        createdAt: new Date(nowMs).toISOString(),
        settledAtMs,
        settledAt: new Date(settledAtMs).toISOString(),
      };
      list.push(record);
      byUid.set(record.uid, record);
      return record;
    },
    get: (uid) => byUid.get(uid),
    count: () => list.length,
    at: (index) => list[index],
    all: () => list,
    clear() {
      list.length = 0;
      byUid.clear();
    },
  };
}

/** The record as GET sms/{uid} and the list show it at `nowMs`: delivery moves on lazily, no timers. */
export function viewAt(record: StoredRecord, nowMs: number): SimRecord {
  const settled = nowMs >= record.settledAtMs;
  return view(record, settled ? record.draft.settledStatus : record.draft.pendingStatus, settled ? record.settledAt : record.createdAt);
}

/** The record as the call that created it answers it. */
export function viewAsAnswered(record: StoredRecord): SimRecord {
  return view(record, record.draft.answerStatus, record.createdAt);
}

function view(record: StoredRecord, status: string, updatedAt: string): SimRecord {
  const { draft } = record;
  return {
    uid: record.uid,
    to: draft.to,
    from: draft.from,
    message: draft.message,
    sms_type: draft.smsType,
    status,
    sms_count: draft.smsCount,
    cost: draft.cost,
    send_by: draft.sendBy,
    created_at: record.createdAt,
    updated_at: updatedAt,
  };
}
