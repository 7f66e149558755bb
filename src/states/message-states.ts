/**
 * The life of one outgoing SMS. Each row moves only forward along these arrows:
 *
 *   queued ──claim──▶ sending ──answer──▶ accepted ──tracking──▶ delivered | failed
 *      ▲                 │  └──refused──▶ failed (permanent) / queued again (rate-limited, retry later)
 *      │                 └──answer lost / worker died──▶ unknown ──reconcile──▶ accepted (found in the
 *      └────────────────────────────── not in the gateway's list after the grace period ───┘  gateway's list)
 *   queued ──▶ skipped (opted out when the batch was sent) | cancelled (campaign cancelled)
 */
export const MESSAGE_STATES = Object.freeze({
  queued: 'queued',
  sending: 'sending',
  unknown: 'unknown',
  accepted: 'accepted',
  delivered: 'delivered',
  failed: 'failed',
  skipped: 'skipped',
  cancelled: 'cancelled',
} as const);

export type MessageState = (typeof MESSAGE_STATES)[keyof typeof MESSAGE_STATES];

/** States in which the outbox still owes the message a send or a verdict on whether it was sent. */
export const UNSETTLED_STATES: readonly MessageState[] = Object.freeze(['queued', 'sending', 'unknown'] as const);

/** States from which nothing moves any more. */
export const FINAL_STATES: readonly MessageState[] = Object.freeze(['delivered', 'failed', 'skipped', 'cancelled'] as const);
