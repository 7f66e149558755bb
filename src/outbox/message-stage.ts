import type { DeliveryState } from '../gateway/types.js';
import type { MessageState } from '../states/index.js';

/**
 * What became of an outgoing SMS, in the words cafe staff read on every screen (dashboard, API, CLI):
 *
 *   waiting ──▶ sent to the gateway ──▶ delivered | not delivered
 *      └──▶ failed (the gateway refused it, or it could not be built) · not sent (opted out, cancelled)
 *
 * "Delivered" comes only from a delivery report: at send time this gateway answers "Delivered" when it
 * merely accepted the message. The raw status and error stay in `detail`, behind a "why?".
 *
 * Pure on purpose (type imports only): the dashboard imports this file into the browser.
 */
export const MESSAGE_STAGES = Object.freeze(['waiting', 'sent', 'delivered', 'not_delivered', 'failed', 'not_sent'] as const);

export type MessageStage = (typeof MESSAGE_STAGES)[number];

export const STAGE_LABELS: Readonly<Record<MessageStage, string>> = Object.freeze({
  waiting: 'Waiting',
  sent: 'Sent to the gateway',
  delivered: 'Delivered',
  not_delivered: 'Not delivered',
  failed: 'Failed',
  not_sent: 'Not sent',
});

/** A message as staff see it: its stage, the stage's words, and the reason behind a "why?". */
export interface ShownAs {
  stage: MessageStage;
  label: string;
  detail: string;
}

/** What the outbox knows of a message that decides how it is shown. */
export interface StageInput {
  state: MessageState;
  gatewayStatus: string | null;
  errorCode: string | null;
  errorMessage: string | null;
}

/** The outbox's error code for a message the gateway's delivery report said did not arrive. */
export const UNDELIVERED_ERROR_CODE = 'undelivered';

/** Outbox states of each stage (failed is split by UNDELIVERED_ERROR_CODE), for filtering by stage. */
export const STAGE_STATES: Readonly<Record<MessageStage, readonly MessageState[]>> = Object.freeze({
  waiting: ['queued', 'sending', 'unknown'],
  sent: ['accepted'],
  delivered: ['delivered'],
  not_delivered: ['failed'],
  failed: ['failed'],
  not_sent: ['skipped', 'cancelled'],
});

/** What the gateway's usual statuses mean, said plainly; the raw text is always shown with it. */
const STATUS_MEANINGS: Readonly<Record<string, string>> = {
  enroute: 'on its way to the phone',
  pending: 'not yet passed to the phone network',
  queued: 'not yet passed to the phone network',
  sent: 'passed to the phone network',
  undelivered: 'the phone network could not deliver it',
  expired: 'the phone was off or out of reach for too long',
  rejected: 'the phone network refused it',
};

/** "Delivered|prov-81" carries a provider id after the bar: only the part before it has a meaning. */
function statusHead(status: string): string {
  const bar = status.indexOf('|');
  return (bar === -1 ? status : status.slice(0, bar)).trim().toLowerCase();
}

function saidWithMeaning(status: string): string {
  const meaning = STATUS_MEANINGS[statusHead(status)];
  return meaning === undefined ? status : `${status} (${meaning})`;
}

function shown(stage: MessageStage, detail: string): ShownAs {
  return { stage, label: STAGE_LABELS[stage], detail };
}

/** Accepted by the gateway, with no delivery report yet. */
function sentDetail(status: string | null): string {
  if (status === null || status.trim() === '') return 'the gateway accepted it; waiting for the delivery report';
  const said = statusHead(status) === 'delivered' ? `${status} (this means it accepted the message)` : saidWithMeaning(status);
  return `the gateway said: ${said}; waiting for the delivery report`;
}

function waitingDetail(input: StageInput): string {
  if (input.state === 'sending') return 'being handed to the gateway now';
  if (input.state === 'unknown') {
    return "the gateway's answer was lost: its message list is checked before the message is sent again, so it never goes twice";
  }
  return input.errorMessage ? `waiting to be sent again: ${input.errorMessage}` : 'in the outbox, waiting its turn to be sent';
}

function failedShownAs(input: StageInput): ShownAs {
  if (input.errorCode === UNDELIVERED_ERROR_CODE) {
    return shown('not_delivered', `the delivery report said: ${saidWithMeaning(input.gatewayStatus ?? 'not delivered')}`);
  }
  return shown('failed', input.errorMessage ?? 'the gateway refused it');
}

/** How one outbox message is shown, from its state, the gateway's status and its error. */
export function messageShownAs(input: StageInput): ShownAs {
  switch (input.state) {
    case 'queued':
    case 'sending':
    case 'unknown':
      return shown('waiting', waitingDetail(input));
    case 'accepted':
      return shown('sent', sentDetail(input.gatewayStatus));
    case 'delivered':
      return shown('delivered', `the delivery report said: ${input.gatewayStatus ?? 'Delivered'}`);
    case 'failed':
      return failedShownAs(input);
    case 'skipped':
      return shown('not_sent', input.errorMessage ?? 'the customer opted out before it was sent');
    case 'cancelled':
      return shown('not_sent', input.errorMessage ?? 'the campaign was cancelled before it was sent');
  }
}

/**
 * How a message is shown from the gateway's own record (`cafe-sms get`), read from its message list:
 * there a "Delivered" is a delivery report, unlike in the answer to a send.
 */
export function gatewayRecordShownAs(record: { state: DeliveryState; status: string | undefined }): ShownAs {
  const status = record.status ?? null;
  switch (record.state) {
    case 'delivered':
      return shown('delivered', `the gateway said: ${status ?? 'Delivered'}`);
    case 'failed':
      return shown('not_delivered', `the gateway said: ${saidWithMeaning(status ?? 'failed')}`);
    case 'pending':
      return shown('sent', sentDetail(status));
    case 'unknown':
      return shown(
        'sent',
        status === null ? 'the gateway gave no status yet' : `the gateway said: ${status} (a status this system does not know)`,
      );
  }
}
