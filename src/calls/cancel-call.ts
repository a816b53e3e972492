import { timingSafeEqual } from 'node:crypto';
import { LoopError } from '../errors/loop-error.ts';
import { applyCallEvent, type CallProgressDeps } from './call-progress.ts';
import { progressToken } from './progress-tokens.ts';

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The caller gives up without a websocket (a closed tab, a page that never opened one): a pending call
 * ends as terminated/cancel and every callee device stops ringing. Cancelling a call that has already
 * ended is a no-op; a connected call is hung up over the websocket instead.
 */
export async function cancelCall(deps: CallProgressDeps, callId: string, callerWebsocketToken: string): Promise<void> {
  const call = await deps.store.calls.get(callId).catch((error: unknown) => {
    deps.log.error({ err: error }, 'cannot read a call');
    throw LoopError.backend();
  });
  if (!call || !sameToken(callerWebsocketToken, progressToken(deps.secrets, call, 'caller')))
    throw LoopError.unknownCall();
  const result = await applyCallEvent(deps, callId, { type: 'cancel' });
  if (result.kind === 'gone') throw LoopError.unknownCall();
  if (result.kind === 'refused') throw LoopError.invalidParameters(result.error);
}
