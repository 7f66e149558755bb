import type { MessageRecord } from '../gateway/index.js';
import { parseZonedTime } from './gateway-time.js';

/** The newest record a complete walk met: the next walk knows everything below it was read. */
export interface InboundAnchor {
  uid: string;
  /** The gateway's created_at text, verbatim (records in the same second may sit on either side). */
  createdAt: string | undefined;
}

export interface WalkNeeds {
  /**
   * Lost sends (and uid-less acceptances) pair only with records created after their claim less
   * the skew margin: the walk must reach that far (epoch ms). Undefined when nothing is to be
   * matched; -Infinity when a row has no claim time (the whole list).
   */
  reconcileFromMs: number | undefined;
  /** Customers' replies: everything above the last walk's anchor is new. */
  inboundAnchor: InboundAnchor | undefined;
  /** Without (or past a missing) anchor: replies are read back to this time (epoch ms, our clock less the margin). */
  inboundFromMs: number;
  /**
   * Delivery: how many tracked rows the walk should meet, and how far back the oldest was sent
   * (less the margin) in case some of them are never met. Undefined when delivery is checked one
   * message at a time instead.
   */
  delivery: { expected: number; fromMs: number } | undefined;
  /**
   * While calls are out the walk reads at most this many records, so that it never competes with
   * the sends for long. Ignored when lost sends are to be reconciled: a row may only be declared
   * unsent by a walk that read back past its claim.
   */
  maxRecords?: number | undefined;
  /**
   * Asked as the walk goes: while true, the gateway's calls are scarce (it throttles, and sends are
   * waiting), so the walk ends after one page, as `maxRecords` would. Never while reconciling.
   */
  sparing?: (() => boolean) | undefined;
}

/** Records a walk reads while it spares the gateway's calls: one page. */
const SPARING_RECORDS = 25;

/**
 * Decides where a list walk (newest first) may stop: at the first record by which every need is
 * met. Reconciliation needs a time (correctness: a lost send's record can be anywhere after its
 * claim less the clock-skew margin); replies and delivery need only positions and counts, which
 * no clock skew can fool, so a walk reads just what is new rather than the whole skew margin of
 * history — at thousands of messages a second, that margin is the whole campaign.
 */
export interface WalkPlan {
  /** For `listAll({ stopWhen })`: called with every record before it is yielded. */
  stopAt(record: MessageRecord): boolean;
  /** Tracked rows met so far (counted after each page is looked up). */
  addMet(count: number): void;
  /** The first record the walk met: the next walk's anchor, once this one completes. */
  newest(): InboundAnchor | undefined;
  /**
   * True when the walk stopped at `maxRecords` before meeting every need: what lies below was not
   * read, so neither the anchor nor the watermark may move.
   */
  cutShort(): boolean;
}

export function createWalkPlan(needs: WalkNeeds): WalkPlan {
  let first: InboundAnchor | undefined;
  let anchorMet = false;
  let met = 0;
  let seen = 0;
  let cut = false;
  const reconciling = needs.reconcileFromMs !== undefined;
  const limit = (): number | undefined => {
    if (reconciling) return undefined;
    return needs.sparing?.() === true ? Math.min(needs.maxRecords ?? SPARING_RECORDS, SPARING_RECORDS) : needs.maxRecords;
  };

  function inboundDone(record: MessageRecord, at: number | undefined): boolean {
    if (at !== undefined && at < needs.inboundFromMs) return true;
    const anchor = needs.inboundAnchor;
    if (anchor === undefined) return false;
    if (!anchorMet) {
      anchorMet = record.uid === anchor.uid;
      return false;
    }
    // Below the anchor: done once past the records sharing its timestamp.
    return record.createdAt !== anchor.createdAt;
  }

  function deliveryDone(at: number | undefined): boolean {
    const delivery = needs.delivery;
    if (delivery === undefined || met >= delivery.expected) return true;
    return at !== undefined && at < delivery.fromMs;
  }

  function reconcileDone(at: number | undefined): boolean {
    const from = needs.reconcileFromMs;
    return from === undefined || (at !== undefined && at < from);
  }

  return {
    stopAt(record) {
      if (first === undefined && record.uid !== undefined) first = { uid: record.uid, createdAt: record.createdAt };
      const at = parseZonedTime(record.createdAt);
      // Evaluated in full (no short cut): the inbound check must see the anchor go by.
      const inbound = inboundDone(record, at);
      if (inbound && deliveryDone(at) && reconcileDone(at)) return true;
      seen += 1;
      const max = limit();
      if (max !== undefined && seen > max) cut = true;
      return cut;
    },
    addMet(count) {
      met += count;
    },
    newest() {
      return first;
    },
    cutShort() {
      return cut;
    },
  };
}

export function parseAnchor(text: string | undefined): InboundAnchor | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object') return undefined;
    const { uid, createdAt } = value as Record<string, unknown>;
    if (typeof uid !== 'string' || uid === '') return undefined;
    return { uid, createdAt: typeof createdAt === 'string' ? createdAt : undefined };
  } catch {
    return undefined;
  }
}
