/**
 * A provider says a call's media session is over (LiveKit `room_finished`): the Loop call ends with reason
 * `closed`, through the state machine like every other change, so both sides' progress websockets (on any
 * instance) are told, its timers stop, and a call that was never answered sends "call-ended" to every
 * callee's Web Push devices (`applyCallEvent` does that for every unanswered end).
 */
import { applyCallEvent, type CallProgressDeps } from './call-progress.ts';

export type SessionEndOutcome = 'ended' | 'already-ended' | 'unknown';

export async function endCallForProviderSession(deps: CallProgressDeps, sessionId: string): Promise<SessionEndOutcome> {
  const call = await deps.store.calls.findBySessionId(sessionId);
  // Expired calls, and rooms Loop did not make, are nothing to end. The session id is the room name, not a secret.
  if (!call) {
    deps.log.info({ sessionId }, 'provider session finished: no live call uses it');
    return 'unknown';
  }
  const result = await applyCallEvent(deps, call.callId, { type: 'session-ended' });
  if (result.kind !== 'applied' || result.before.state === 'terminated')
    return result.kind === 'gone' ? 'unknown' : 'already-ended';
  deps.log.info({ callId: call.callId, from: result.before.state }, 'provider session finished: call closed');
  return 'ended';
}
