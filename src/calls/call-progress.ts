/**
 * Drives a call through the state machine against the store: read, compute, compare-and-set, retry on a
 * concurrent change, then announce the new public state on the event bus. Every path that changes a call
 * (websocket frames, socket closes, timers, the cancel route) goes through `applyCallEvent`.
 */
import type { LoopDeps } from '../deps.ts';
import { CALL_PROGRESS } from '../bus/event-bus.ts';
import { reasonLabel } from '../observability/metrics.ts';
import type { CallRecord } from './call-record.ts';
import { announcement, transition, type CallEvent, type TimerDurationsMs } from './call-state.ts';
import { releaseProviderSession } from './release-provider-session.ts';

export type CallProgressDeps = Pick<
  LoopDeps,
  'store' | 'clock' | 'config' | 'eventBus' | 'metrics' | 'log' | 'timers' | 'push' | 'provider' | 'secrets'
>;

export type ApplyResult =
  | { kind: 'applied'; before: CallRecord; after: CallRecord }
  | { kind: 'refused'; call: CallRecord; error: string }
  | { kind: 'gone' };

export interface ApplyOptions {
  /** Runs after the write and before the announcement (the websocket layer replies `hello` here). */
  onApplied?: (before: CallRecord, after: CallRecord) => void;
}

/** Compare-and-set attempts before giving up; each conflict means another writer made progress. */
const MAX_ATTEMPTS = 20;

export function timerDurationsMs(config: LoopDeps['config']): TimerDurationsMs {
  return {
    supervisory: Math.round(config.timerSupervisorySec * 1000),
    ringing: Math.round(config.timerRingingSec * 1000),
    connection: Math.round(config.timerConnectionSec * 1000),
  };
}

export async function applyCallEvent(
  deps: CallProgressDeps,
  callId: string,
  event: CallEvent,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const timers = timerDurationsMs(deps.config);
  let refusedOnce = false;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const before = await deps.store.calls.get(callId);
    if (!before) return { kind: 'gone' };
    const result = transition(before, event, { now: deps.clock.now(), timers });
    if (!result.ok) {
      // A refusal, like a write, must rest on the latest state. The read may predate a change another
      // socket's event (arrived just before this one) is writing: the callee's `accept` and the caller's
      // `media-up` read together, so `media-up` finds the call still ringing. Read once more: the store
      // answers that read after the writes asked for before it.
      if (!refusedOnce) {
        refusedOnce = true;
        continue;
      }
      return { kind: 'refused', call: before, error: result.error };
    }
    if (!result.changed) {
      options.onApplied?.(before, before);
      return { kind: 'applied', before, after: before };
    }
    const after = await deps.store.calls.updateProgress(callId, before.version, result.next);
    if (!after) continue;
    countFinished(deps, before, after);
    stopRinging(deps, before, after);
    // The one place a call ends (whatever ended it): its media session goes with it, once.
    if (after.state === 'terminated' && before.state !== 'terminated') void releaseProviderSession(deps, after);
    deps.timers.schedule(after.nextDeadlineAt);
    options.onApplied?.(before, after);
    const news = announcement(before, after);
    if (news) await deps.eventBus.publish(CALL_PROGRESS, callId, { callId, ...news, version: after.version });
    return { kind: 'applied', before, after };
  }
  throw new Error(`call ${callId}: gave up after ${MAX_ATTEMPTS} concurrent updates`);
}

/** States in which the callee's devices may still be ringing (nobody has answered yet). */
const UNANSWERED: readonly CallRecord['state'][] = ['init', 'half-initiated', 'alerting'];

/**
 * A call stopped ringing without this callee device answering: the Web Push devices of every callee (all
 * users a direct call rang, not only its owner) get "call-ended" (an offline device's pending
 * "incoming-call" is replaced). When one device answers, the others are told `answered-elsewhere`; the
 * device that answered knows better than to stop. The callee lookup runs with the pushes, off this path.
 */
function stopRinging(deps: CallProgressDeps, before: CallRecord, after: CallRecord): void {
  if (!UNANSWERED.includes(before.state) || UNANSWERED.includes(after.state)) return;
  const reason = after.state === 'terminated' ? (after.reason ?? 'terminated') : 'answered-elsewhere';
  const callees = deps.store.calls.listCallees(after.callId).then(
    (users) => (users.includes(after.user) ? users : [after.user, ...users]),
    (error: unknown) => {
      deps.log.error(
        { err: error, callId: after.callId },
        'cannot list the callees of an ended call; telling its owner only',
      );
      return [after.user];
    },
  );
  deps.push.callEnded(callees, { callId: after.callId, timestampSec: after.timestampSec }, reason);
}

/** Each call is counted once: when it connects, or when it ends without having connected. */
function countFinished(deps: CallProgressDeps, before: CallRecord, after: CallRecord): void {
  if (before.state === after.state) return;
  if (after.state === 'connected') deps.metrics.callsFinished.inc({ state: 'connected', reason: 'none' });
  if (after.state === 'terminated' && before.state !== 'connected') {
    deps.metrics.callsFinished.inc({ state: 'terminated', reason: reasonLabel(after.reason) });
  }
}
