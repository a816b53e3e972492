/**
 * The call timers (supervisory, ringing, connection) as stored deadlines: each call's next deadline is kept
 * with it (`nextDeadlineAt`), and acting on one applies the `timeout` event, which re-reads the call and
 * compare-and-sets it: two instances firing the same deadline end the call once.
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import type { CallStore } from '../storage/store.ts';
import { StoredDeadlines } from '../timers/stored-deadlines.ts';

/** Fires due calls by id; the handler (applying `timeout`) is given with `handleDueWith`. */
export type CallTimers = StoredDeadlines<string>;

export function createCallTimers(options: {
  calls: CallStore;
  clock: Clock;
  log: Logger;
  pollIntervalMs: number;
  storeReady?: () => Promise<void>;
}): CallTimers {
  const { calls, ...rest } = options;
  return new StoredDeadlines<string>({
    ...rest,
    source: { listDue: (now, limit) => calls.listDue(now, limit), nextDeadline: () => calls.nextDeadline() },
    what: 'call',
    describe: (callId) => ({ callId }),
  });
}
