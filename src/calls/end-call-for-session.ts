import type { LoopDeps } from '../deps.ts';

type Deps = Pick<LoopDeps, 'log'>;

/**
 * The provider says a call's media session is over (LiveKit `room_finished`): the Loop call should end.
 *
 * HOOK: the call-state machine (realtime work) is not on main yet, so this only logs. When it lands,
 * find the live call whose `sessionId` is this one and terminate it (reason `closed`), telling both
 * sides over the progress websocket. If it was never answered, also `deps.push.callEnded(call.user, call,
 * reason)` so Web Push devices stop ringing (docs/push.md).
 */
export async function endCallForProviderSession(deps: Deps, sessionId: string): Promise<void> {
  deps.log.info({ sessionId }, 'provider session finished; ending its call is not wired yet');
}
