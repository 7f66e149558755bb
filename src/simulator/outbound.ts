import { ACCEPTED_STATUS, IN_FLIGHT_STATUS, finalStatusFor } from './delivery.js';
import type { RecordDraft } from './record-store.js';
import { costOf, smsShapeOf } from './sms-shape.js';
import type { SimulatorState } from './state.js';

/** The platform's refusal texts, verbatim (its English included). */
export const REFUSAL = {
  blacklisted: 'Number contains in the blacklist',
  /** What the platform answers (HTTP 403) when the account's SMS units cannot pay for a send. */
  noBalance: 'You do not have sufficient sms unit to send message',
  invalidNumber: (phone: string) => `${phone} is a invalid phone number`,
  unauthorisedSender: (senderId: string) => `Originator ${senderId} is not authorized`,
} as const;

const GATEWAY_NUMBER = /^\d{8,15}$/;

/** Why the platform will not send to this number, or undefined when it will. */
export function numberRefusal(state: SimulatorState, phone: string): string | undefined {
  if (!GATEWAY_NUMBER.test(phone)) return REFUSAL.invalidNumber(phone);
  if (state.settings.blacklist.has(phone)) return REFUSAL.blacklisted;
  return undefined;
}

export type OutboundType = 'text' | 'image';

export interface OutboundMessage {
  to: string;
  from: string;
  message: string;
  type: OutboundType;
}

/** SMS units a message uses: its parts for text, one for an image. */
export function unitsOf(state: SimulatorState, item: OutboundMessage): number {
  return item.type === 'image' ? 1 : smsShapeOf(item.message).smsCount;
}

/** Takes `units` from the balance if there is enough; false (and nothing taken) otherwise. */
export function charge(state: SimulatorState, units: number): boolean {
  if (state.balance === undefined) return true;
  if (units > state.balance) return false;
  state.balance -= units;
  return true;
}

function shapeOf(state: SimulatorState, item: OutboundMessage): Pick<RecordDraft, 'smsType' | 'smsCount'> {
  if (item.type === 'image') return { smsType: 'mms', smsCount: 1 };
  return smsShapeOf(item.message);
}

/** An accepted message: answered "Delivered", read back "Enroute" until its final status is due. */
export function acceptedDraft(state: SimulatorState, item: OutboundMessage): RecordDraft {
  const shape = shapeOf(state, item);
  return {
    to: item.to,
    from: item.from,
    message: item.message,
    ...shape,
    cost: costOf(shape.smsCount),
    sendBy: 'from',
    answerStatus: ACCEPTED_STATUS,
    pendingStatus: IN_FLIGHT_STATUS,
    settledStatus: finalStatusFor(item.to),
    settlesAfterMs: state.settings.deliveryDelayMs,
  };
}

/** A bulk item the platform would not send: kept with the refusal text as its status, free. */
export function refusedDraft(state: SimulatorState, item: OutboundMessage, refusal: string): RecordDraft {
  return {
    to: item.to,
    from: item.from,
    message: item.message,
    ...shapeOf(state, item),
    cost: costOf(0),
    sendBy: 'from',
    answerStatus: refusal,
    pendingStatus: refusal,
    settledStatus: refusal,
    settlesAfterMs: 0,
  };
}
