import { CafeError } from '../errors/index.js';
import { RECEIVED_STATUS } from './delivery.js';
import { viewAt } from './record-store.js';
import { isObject } from './request-fields.js';
import { toDigits } from './settings.js';
import { costOf, smsShapeOf } from './sms-shape.js';
import type { SimulatorState } from './state.js';
import type { SimRecord } from './types.js';

/** Stores a customer's SMS to the cafe, as the platform does when one arrives: send_by 'to'. */
export function receiveInbound(state: SimulatorState, input: unknown): SimRecord {
  const fields = isObject(input) ? input : {};
  if (typeof fields.from !== 'string' || !/^\d{8,15}$/.test(toDigits(fields.from))) {
    throw new CafeError(
      'invalid_input',
      `Inbound "from" must be the customer's number with country code, digits only (e.g. 923001234567); ` +
        `got ${JSON.stringify(fields.from ?? null)}`,
      { input: 'from' },
    );
  }
  if (typeof fields.message !== 'string' || fields.message === '') {
    throw new CafeError('invalid_input', 'Inbound "message" must be the non-empty text the customer sent', { input: 'message' });
  }
  const shape = smsShapeOf(fields.message);
  const now = state.settings.now();
  const record = state.records.add(
    {
      to: state.settings.senderIds[0] ?? '',
      from: toDigits(fields.from),
      message: fields.message,
      ...shape,
      cost: costOf(0),
      sendBy: 'to',
      answerStatus: RECEIVED_STATUS,
      pendingStatus: RECEIVED_STATUS,
      settledStatus: RECEIVED_STATUS,
      settlesAfterMs: 0,
    },
    now,
  );
  return viewAt(record, now);
}
