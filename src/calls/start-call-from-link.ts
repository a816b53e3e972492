import { nowSec } from '../clock.ts';
import { findLiveCallUrl } from '../call-urls/call-url-commands.ts';
import { randomHex } from '../crypto/random.ts';
import type { LoopDeps } from '../deps.ts';
import { LoopError } from '../errors/loop-error.ts';
import type { ParticipantCredentials } from '../providers/provider.ts';
import type { CallRecord, CallType } from '../storage/store.ts';
import { createProviderSession } from './provider-session.ts';

type Deps = Pick<LoopDeps, 'store' | 'clock' | 'config' | 'provider' | 'push' | 'metrics' | 'log'>;

export interface StartCallRequest {
  token: string;
  callType: CallType;
  subject?: string;
  channel?: string;
}

export interface StartedCall {
  call: CallRecord;
  /** The caller's provider credentials: returned, never stored. */
  caller: ParticipantCredentials;
}

/**
 * Alice clicked Bob's link and calls: one provider session, a token for each side, one atomic write of
 * the call under Bob, then every device of Bob is woken. The reply does not wait for the pushes.
 */
export async function startCallFromLink(deps: Deps, request: StartCallRequest): Promise<StartedCall> {
  const link = await findLiveCallUrl(deps, request.token);
  const { session, caller, callee } = await createProviderSession(deps, request.channel);
  const now = nowSec(deps.clock);
  const call: CallRecord = {
    callId: randomHex(16),
    user: link.user,
    callType: request.callType,
    subject: request.subject ?? null,
    timestampSec: now,
    callerId: link.callerId,
    calleeFriendlyName: link.issuer,
    provider: deps.provider.name,
    apiKey: session.apiKey,
    sessionId: session.sessionId,
    calleeToken: callee.token,
    wsCallerToken: randomHex(16),
    wsCalleeToken: randomHex(16),
    callToken: link.token,
    urlCreationDateSec: link.timestampSec,
    state: 'init',
    reason: null,
    expiresAt: deps.clock.now() + deps.config.callDurationSec * 1000,
  };
  try {
    await deps.store.calls.create(call);
  } catch (error) {
    deps.log.error({ err: error }, 'cannot store a new call');
    throw LoopError.backend();
  }
  deps.metrics.callsCreated.inc({ kind: 'link' });
  deps.push.wake(link.user, {
    topic: 'calls', version: call.timestampSec, reason: 'call.token',
    call: { callId: call.callId, callerName: call.callerId, callType: call.callType },
  });
  return { call, caller };
}
