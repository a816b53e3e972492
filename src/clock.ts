/**
 * Time as a dependency. Everything that decides expiry or stamps a record asks a Clock, so tests can
 * move time instead of sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** The Loop API's `time()`: integer seconds. */
export function nowSec(clock: Clock): number {
  return Math.floor(clock.now() / 1000);
}
