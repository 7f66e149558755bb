import { describe, expect, it } from 'vitest';
import type { DeliveryState } from '../gateway/types.js';
import { gatewayRecordShownAs, messageShownAs, MESSAGE_STAGES, STAGE_LABELS, STAGE_STATES, type StageInput } from './message-stage.js';
import { MESSAGE_STATES, type MessageState } from '../states/index.js';

const STATUSES = [null, 'Delivered', 'Delivered|prov-81', 'Enroute', 'Undelivered', 'Expired', 'Rejected', 'Something new'] as const;
const ERROR_CODES = [null, 'undelivered', 'rejected', 'opted_out'] as const;

function input(
  state: MessageState,
  gatewayStatus: string | null = null,
  errorCode: string | null = null,
  errorMessage: string | null = null,
): StageInput {
  return { state, gatewayStatus, errorCode, errorMessage };
}

/** Which stage each state may be shown as (failed splits on whether a delivery report said so). */
const EXPECTED_STAGES: Record<MessageState, readonly string[]> = {
  queued: ['waiting'],
  sending: ['waiting'],
  unknown: ['waiting'],
  accepted: ['sent'],
  delivered: ['delivered'],
  failed: ['failed', 'not_delivered'],
  skipped: ['not_sent'],
  cancelled: ['not_sent'],
};

describe('messageShownAs: every state with every gateway status and error', () => {
  for (const state of Object.values(MESSAGE_STATES)) {
    for (const status of STATUSES) {
      for (const errorCode of ERROR_CODES) {
        it(`${state} · ${status ?? 'no status'} · ${errorCode ?? 'no error'}`, () => {
          const shown = messageShownAs(input(state, status, errorCode, errorCode === null ? null : 'The gateway said no'));
          expect(EXPECTED_STAGES[state]).toContain(shown.stage);
          expect(shown.label).toBe(STAGE_LABELS[shown.stage]);
          expect(shown.detail.trim()).not.toBe('');
          // Only a delivery report (the delivered state) may say "Delivered" as the label.
          expect(shown.stage === 'delivered').toBe(state === 'delivered');
          expect(STAGE_STATES[shown.stage]).toContain(state);
          // The gateway's raw words stay behind "why?" wherever they tell what happened.
          if (status !== null && (state === 'accepted' || state === 'delivered' || (state === 'failed' && errorCode === 'undelivered'))) {
            expect(shown.detail).toContain(status);
          }
        });
      }
    }
  }
});

describe('messageShownAs: the words staff read', () => {
  it('says a message the gateway answered "Delivered" at send time is only sent to the gateway', () => {
    expect(messageShownAs(input('accepted', 'Delivered'))).toEqual({
      stage: 'sent',
      label: 'Sent to the gateway',
      detail: 'the gateway said: Delivered (this means it accepted the message); waiting for the delivery report',
    });
  });

  it('explains the statuses it knows and repeats the ones it does not', () => {
    expect(messageShownAs(input('accepted', 'Enroute')).detail).toBe(
      'the gateway said: Enroute (on its way to the phone); waiting for the delivery report',
    );
    expect(messageShownAs(input('accepted', 'Something new')).detail).toBe(
      'the gateway said: Something new; waiting for the delivery report',
    );
    expect(messageShownAs(input('accepted')).detail).toBe('the gateway accepted it; waiting for the delivery report');
  });

  it('says delivered only from the delivery report', () => {
    expect(messageShownAs(input('delivered', 'Delivered'))).toEqual({
      stage: 'delivered',
      label: 'Delivered',
      detail: 'the delivery report said: Delivered',
    });
  });

  it('says not delivered when the delivery report said so, and failed when the gateway refused the message', () => {
    expect(messageShownAs(input('failed', 'Undelivered', 'undelivered', 'The gateway reported: Undelivered'))).toEqual({
      stage: 'not_delivered',
      label: 'Not delivered',
      detail: 'the delivery report said: Undelivered (the phone network could not deliver it)',
    });
    expect(messageShownAs(input('failed', 'Expired', 'undelivered')).detail).toContain('the phone was off or out of reach');
    expect(messageShownAs(input('failed', null, 'rejected', 'Number contains in the blacklist'))).toEqual({
      stage: 'failed',
      label: 'Failed',
      detail: 'Number contains in the blacklist',
    });
    expect(messageShownAs(input('failed')).detail).toBe('the gateway refused it');
  });

  it('tells waiting messages apart in the detail', () => {
    expect(messageShownAs(input('queued')).detail).toBe('in the outbox, waiting its turn to be sent');
    expect(messageShownAs(input('queued', null, 'rate_limited', 'The gateway asked us to slow down')).detail).toBe(
      'waiting to be sent again: The gateway asked us to slow down',
    );
    expect(messageShownAs(input('sending')).detail).toBe('being handed to the gateway now');
    expect(messageShownAs(input('unknown')).detail).toContain('never goes twice');
  });

  it('says why a message was not sent', () => {
    expect(messageShownAs(input('skipped', null, 'opted_out'))).toEqual({
      stage: 'not_sent',
      label: 'Not sent',
      detail: 'the customer opted out before it was sent',
    });
    expect(messageShownAs(input('cancelled')).detail).toBe('the campaign was cancelled before it was sent');
    expect(
      messageShownAs(input('cancelled', null, 'not_sent', "Not in the gateway's message list; the campaign was cancelled")).detail,
    ).toBe("Not in the gateway's message list; the campaign was cancelled");
  });

  it('has words for every stage', () => {
    for (const stage of MESSAGE_STAGES) expect(STAGE_LABELS[stage]).toMatch(/^[A-Z]/);
  });
});

describe('gatewayRecordShownAs: a record from the gateway’s list', () => {
  const cases: Array<[DeliveryState, string | undefined, string, string]> = [
    ['delivered', 'Delivered', 'delivered', 'the gateway said: Delivered'],
    ['pending', 'Enroute', 'sent', 'the gateway said: Enroute (on its way to the phone); waiting for the delivery report'],
    ['failed', 'Undelivered', 'not_delivered', 'the gateway said: Undelivered (the phone network could not deliver it)'],
    ['failed', undefined, 'not_delivered', 'the gateway said: failed'],
    ['unknown', 'Odd', 'sent', 'the gateway said: Odd (a status this system does not know)'],
    ['unknown', undefined, 'sent', 'the gateway gave no status yet'],
    ['pending', undefined, 'sent', 'the gateway accepted it; waiting for the delivery report'],
  ];
  for (const [state, status, stage, detail] of cases) {
    it(`${state} · ${status ?? 'no status'} → ${stage}`, () => {
      expect(gatewayRecordShownAs({ state, status })).toEqual({ stage, label: STAGE_LABELS[stage as keyof typeof STAGE_LABELS], detail });
    });
  }
});
