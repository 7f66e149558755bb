/**
 * The rules of the dashboard's settings that need no database: the server applies them, and the
 * dashboard imports this file (pure, no Node APIs) to say the same before anything is saved.
 */
import { isGsm7 } from '../sms/segments.js';

/** Refused outright: a pace must be above 0 and at most this many SMS parts a second. */
export const MAX_SEND_RATE = 1000;
/** Allowed, but outside this range staff are warned first: a typo (1000 for 10, 0.01 for 1) is likely. */
export const USUAL_SEND_RATE = Object.freeze({ min: 1, max: 100 });

/** Why start and end must differ, in words that fit both typing a range and picking two times. */
export const SAME_QUIET_HOURS =
  'Quiet hours must start and end at different times: the same time for both would leave no quiet hours at all. ' +
  'Pick a start in the evening and an end in the morning (e.g. from 21:00 to 09:00), or switch quiet hours off.';

export function quietHoursProblem(startMinute: number, endMinute: number): string | undefined {
  return startMinute === endMinute ? SAME_QUIET_HOURS : undefined;
}

/** A warning for a pace the server takes but that is probably a slip of the finger; undefined when usual. */
export function sendRateWarning(rate: number): string | undefined {
  if (!Number.isFinite(rate) || rate <= 0 || rate > MAX_SEND_RATE) return undefined;
  if (rate > USUAL_SEND_RATE.max) {
    return (
      `${rate} SMS parts a second is far above the usual ${USUAL_SEND_RATE.min}–${USUAL_SEND_RATE.max}: ` +
      'the gateway is likely to slow down or refuse messages sent that fast. Is this the pace you meant?'
    );
  }
  if (rate < USUAL_SEND_RATE.min) {
    const secondsPerSms = Math.round(1 / rate);
    return (
      `${rate} SMS parts a second is one SMS every ${secondsPerSms} seconds: ` +
      `a campaign to 500 customers would take about ${hoursFor(500, rate)} hours. Is this the pace you meant?`
    );
  }
  return undefined;
}

function hoursFor(messages: number, rate: number): number {
  return Math.max(1, Math.round(messages / rate / 3600));
}

/** Sentence ends in English and Urdu, as the opt-out line is cut (src/sms/opt-out-line.ts). */
const SENTENCE_END = /(?<=[.!?۔])\s+/u;

/**
 * English messages get only the basic-letter (GSM-7) sentences of the opt-out line. A line with
 * none of them goes whole onto English messages, and its Urdu letters make every one of them
 * carry 70 characters an SMS instead of 160: about twice the cost.
 */
export function optOutLineWarning(optOutText: string): string | undefined {
  const line = optOutText.trim();
  if (line === '' || isGsm7(line)) return undefined;
  if (line.split(SENTENCE_END).some((sentence) => isGsm7(sentence))) return undefined;
  return (
    'This line has no sentence in English letters only, so English messages get it in Urdu too, and Urdu letters fit ' +
    '70 characters in an SMS instead of 160: every English promotional message would cost about twice as much. ' +
    'Start it with an English sentence, e.g. "Reply STOP to opt out."'
  );
}
