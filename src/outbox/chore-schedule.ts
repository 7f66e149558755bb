/**
 * When each of the worker loop's periodic chores is next due, on the monotonic clock. A chore that
 * has run says when it wants to run again (`runIn`); an event that makes it urgent — a lost answer
 * for the list walk, a dead worker's rows — brings it forward (`runNow`), never pushes it back.
 * Every chore is due when the schedule is made: a worker that starts looks around at once.
 */
export interface ChoreSchedule<Chore extends string> {
  /** Whether the chore's time has come. */
  due(chore: Chore): boolean;
  /** The chore is next due `ms` from now (replacing any earlier time). */
  runIn(chore: Chore, ms: number): void;
  /** The chore is due now, unless it already was. */
  runNow(chore: Chore): void;
  /** Milliseconds until the chore is due (0 when it is). */
  msUntil(chore: Chore): number;
}

export function createChoreSchedule<Chore extends string>(chores: readonly Chore[], clock: () => number): ChoreSchedule<Chore> {
  const dueAt = new Map<Chore, number>(chores.map((chore) => [chore, clock()]));
  const at = (chore: Chore): number => dueAt.get(chore) ?? Number.POSITIVE_INFINITY;
  return {
    due: (chore) => clock() >= at(chore),
    runIn: (chore, ms) => void dueAt.set(chore, clock() + ms),
    runNow: (chore) => void dueAt.set(chore, Math.min(at(chore), clock())),
    msUntil: (chore) => Math.max(0, at(chore) - clock()),
  };
}
