/**
 * The call state machine (spec §6.2, §6.6, §6.7), pure: a progress record and an event in, the next
 * progress record (or the spec's error reason) out. No I/O, no clock: `now` and the timer durations are
 * given. Storage keeps the result; the websocket layer only translates frames into events.
 *
 * Fixes over 2016 (spec §16 item 12): only the callee may accept, and a socket leaving a connected call
 * does not turn it into terminated/closed.
 */
import type { CallProgress, CallSide, CallState, CallTimerName } from './call-record.ts';

export type CallEvent =
  | { type: 'hello'; side: CallSide }
  | { type: 'accept'; side: CallSide }
  | { type: 'media-up'; side: CallSide }
  | { type: 'terminate'; side: CallSide; reason: string | null }
  /** The caller gives up over HTTP, without a websocket. */
  | { type: 'cancel' }
  /**
   * The provider says the call's media session is over (LiveKit `room_finished`): whatever the state, the
   * call is `closed`, the reason a side gets when the other side's last device went away (spec §6.6).
   */
  | { type: 'session-ended' }
  /** A socket of `side` closed; `abandoned` when the client went away (not the server closing it). */
  | { type: 'leave'; side: CallSide; abandoned: boolean }
  /** A stored deadline may have passed: fires whichever timer is due at `now`. */
  | { type: 'timeout' };

export type CallEventType = CallEvent['type'];
export type TimerDurationsMs = Record<CallTimerName, number>;
export interface TransitionContext {
  now: number;
  timers: TimerDurationsMs;
}

export type Transition = { ok: true; next: CallProgress; changed: boolean } | { ok: false; error: string };

/** The timers as data: the states in which each one, once started, ends the call with `timeout`. */
export const TIMER_FIRES_IN: Readonly<Record<CallTimerName, readonly CallState[]>> = {
  supervisory: ['half-initiated'],
  ringing: ['alerting'],
  connection: ['connecting', 'half-connected'],
};

/** States a call can still leave by itself: cancel and abandonment end these. */
export const PENDING_STATES: readonly CallState[] = [
  'init',
  'half-initiated',
  'alerting',
  'connecting',
  'half-connected',
];
const LIVE_STATES: readonly CallState[] = [...PENDING_STATES, 'connected'];

type Step<E extends CallEvent> = (
  progress: CallProgress,
  event: E,
  context: TransitionContext,
) => CallProgress | string;
type StepTable = { [T in CallEventType]: Partial<Record<CallState, Step<Extract<CallEvent, { type: T }>>>> };

const stay =
  <E extends CallEvent>(): Step<E> =>
  (progress) =>
    progress;
const terminated = (progress: CallProgress, reason: string | null): CallProgress => ({
  ...progress,
  state: 'terminated',
  reason,
});
const noTransition = (state: CallState, event: string) => `No transition from ${state} state with ${event} event.`;

function forStates<E extends CallEvent>(
  states: readonly CallState[],
  step: Step<E>,
): Partial<Record<CallState, Step<E>>> {
  return Object.fromEntries(states.map((state) => [state, step]));
}

const startTimer = (progress: CallProgress, timer: CallTimerName, context: TransitionContext) =>
  progress.deadlines[timer] ?? context.now + context.timers[timer];

/** init -> half-initiated (one side) -> alerting (both); starts the supervisory and (callee) ringing timers. */
const join: Step<Extract<CallEvent, { type: 'hello' }>> = (progress, { side }, context) => {
  const joined = { ...progress.joined, [side]: true };
  return {
    ...progress,
    joined,
    state: joined.caller && joined.callee ? 'alerting' : 'half-initiated',
    deadlines: {
      ...progress.deadlines,
      supervisory: startTimer(progress, 'supervisory', context),
      ringing: side === 'callee' ? startTimer(progress, 'ringing', context) : progress.deadlines.ringing,
    },
  };
};

const mediaUp: Step<Extract<CallEvent, { type: 'media-up' }>> = (progress, { side }) => {
  const up = { ...progress.mediaUp, [side]: true };
  return { ...progress, mediaUp: up, state: up.caller && up.callee ? 'connected' : 'half-connected' };
};

const TABLE: StepTable = {
  hello: {
    init: join,
    'half-initiated': join,
    ...forStates(['alerting', 'connecting', 'half-connected', 'connected', 'terminated'], stay()),
  },
  accept: {
    alerting: (progress, { side }, context) =>
      side === 'callee'
        ? {
            ...progress,
            state: 'connecting',
            deadlines: { ...progress.deadlines, connection: context.now + context.timers.connection },
          }
        : noTransition(progress.state, 'accept'),
  },
  'media-up': { connecting: mediaUp, 'half-connected': mediaUp },
  terminate: { ...forStates(LIVE_STATES, (progress, { reason }) => terminated(progress, reason)), terminated: stay() },
  cancel: { ...forStates(PENDING_STATES, (progress) => terminated(progress, 'cancel')), terminated: stay() },
  'session-ended': { ...forStates(LIVE_STATES, (progress) => terminated(progress, 'closed')), terminated: stay() },
  leave: forStates([...LIVE_STATES, 'terminated'], (progress, { side, abandoned }) => {
    const devices = { ...progress.devices, [side]: Math.max(0, progress.devices[side] - 1) };
    const lastOfItsSide = devices[side] === 0;
    const left = { ...progress, devices };
    return abandoned && lastOfItsSide && PENDING_STATES.includes(progress.state) ? terminated(left, 'closed') : left;
  }),
  timeout: forStates([...LIVE_STATES, 'terminated'], (progress, _event, { now }) =>
    dueTimer(progress, now) ? terminated(progress, 'timeout') : progress,
  ),
};

/** The timer that applies to the current state and whose deadline has passed, if any. */
export function dueTimer(progress: CallProgress, now: number): CallTimerName | null {
  for (const timer of Object.keys(TIMER_FIRES_IN) as CallTimerName[]) {
    const deadline = progress.deadlines[timer];
    if (deadline !== null && deadline <= now && TIMER_FIRES_IN[timer].includes(progress.state)) return timer;
  }
  return null;
}

/** The earliest deadline that can still fire in the current state. */
export function nextDeadlineAt(progress: Pick<CallProgress, 'state' | 'deadlines'>): number | null {
  let soonest: number | null = null;
  for (const timer of Object.keys(TIMER_FIRES_IN) as CallTimerName[]) {
    const deadline = progress.deadlines[timer];
    if (deadline !== null && TIMER_FIRES_IN[timer].includes(progress.state) && (soonest === null || deadline < soonest))
      soonest = deadline;
  }
  return soonest;
}

export function transition(progress: CallProgress, event: CallEvent, context: TransitionContext): Transition {
  const step = TABLE[event.type][progress.state] as Step<CallEvent> | undefined;
  if (!step) return { ok: false, error: noTransition(progress.state, event.type) };
  const stepped = step(progress, event, context);
  if (typeof stepped === 'string') return { ok: false, error: stepped };
  // Device bookkeeping happens on every hello, whatever the state.
  const counted =
    event.type === 'hello'
      ? { ...stepped, devices: { ...stepped.devices, [event.side]: stepped.devices[event.side] + 1 } }
      : stepped;
  const next = { ...counted, nextDeadlineAt: nextDeadlineAt(counted) };
  return { ok: true, next, changed: JSON.stringify(next) !== JSON.stringify(progress) };
}

/** A new call: nobody has said hello, no timer runs. */
export function initialProgress(): CallProgress {
  return {
    state: 'init',
    reason: null,
    joined: { caller: false, callee: false },
    mediaUp: { caller: false, callee: false },
    devices: { caller: 0, callee: 0 },
    deadlines: { supervisory: null, ringing: null, connection: null },
    nextDeadlineAt: null,
  };
}

/** What clients see: `half-initiated` is internal and reads as `init` (spec §6.2). */
export function publicState(state: CallState): Exclude<CallState, 'half-initiated'> {
  return state === 'half-initiated' ? 'init' : state;
}

/**
 * The state worth announcing on the call's channel after a change, or null (init and half-initiated are
 * never published; neither is a change that keeps the state).
 */
export function announcement(
  before: CallProgress,
  after: CallProgress,
): { state: CallState; reason: string | null } | null {
  if (before.state === after.state) return null;
  if (after.state === 'init' || after.state === 'half-initiated') return null;
  return { state: after.state, reason: after.state === 'terminated' ? after.reason : null };
}
