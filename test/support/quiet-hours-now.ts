import { localMinuteOfDay } from '../../src/quiet-hours/index.js';

const hhmm = (minute: number) => {
  const m = ((minute % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

/**
 * A QUIET_HOURS value whose window holds the present moment (an hour either side, cafe time), for
 * tests of processes that read the real clock; and one whose window is far from it.
 */
export function quietHoursAroundNow(now = new Date()): { quiet: string; notQuiet: string } {
  const minute = localMinuteOfDay(now);
  return { quiet: `${hhmm(minute - 60)}-${hhmm(minute + 60)}`, notQuiet: `${hhmm(minute + 120)}-${hhmm(minute + 180)}` };
}
