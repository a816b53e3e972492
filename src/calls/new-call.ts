/**
 * What every new call has in common, whether it comes from a link or is a direct call: one provider session
 * with a token per side, a record in state `init`, one atomic write, then the callees' devices are woken.
 */
import { nowSec } from '../clock.ts';
import { randomHex } from '../crypto/random.ts';
import type { LoopDeps } from '../deps.ts';
import { LoopError } from '../errors/loop-error.ts';
import type { ParticipantCredentials } from '../providers/provider.ts';
import { USER_EVENTS } from '../bus/user-events-bus.ts';
import type { CallRecord, CallType } from './call-record.ts';
import { initialProgress } from './call-state.ts';
import { createProviderSession } from './provider-session.ts';
import { releaseProviderSession } from './release-provider-session.ts';

type Deps = Pick<LoopDeps, 'store' | 'clock' | 'config' | 'provider' | 'push' | 'metrics' | 'log' | 'eventBus'>;

export interface NewCall {
  /** The owner key the call is listed under (the first callee of a direct call). */
  user: string;
  callType: CallType;
  subject?: string;
  channel?: string;
  callerId: string;
  calleeFriendlyName: string;
  /** Link calls only: the link called and when it was made. */
  link: { token: string; timestampSec: number } | null;
}

export interface StartedCall {
  call: CallRecord;
  /** The caller's provider credentials: returned, never stored. */
  caller: ParticipantCredentials;
}

/** Creates the provider session (503 errno 201 on failure, nothing stored) and builds the record. */
export async function prepareCall(deps: Deps, input: NewCall): Promise<StartedCall> {
  const { session, caller, callee } = await createProviderSession(deps, input.channel);
  const call: CallRecord = {
    callId: randomHex(16),
    user: input.user,
    callType: input.callType,
    subject: input.subject ?? null,
    timestampSec: nowSec(deps.clock),
    callerId: input.callerId,
    calleeFriendlyName: input.calleeFriendlyName,
    provider: deps.provider.name,
    apiKey: session.apiKey,
    sessionId: session.sessionId,
    // Not stored when the provider can mint the same token again when the call is shown (built-in).
    calleeToken: deps.provider.participantTokenAt ? null : callee.token,
    // Derived from the call id when shown or checked (progress-tokens.ts): nothing to store.
    wsCallerToken: null,
    wsCalleeToken: null,
    callToken: input.link?.token ?? null,
    urlCreationDateSec: input.link?.timestampSec ?? null,
    ...initialProgress(),
    version: 0,
    expiresAt: deps.clock.now() + deps.config.callDurationSec * 1000,
  };
  return { call, caller };
}

/**
 * Stores the call for its callees in one write, then wakes every device of every callee and tells their
 * open apps (user events). The reply does not wait for the pushes (the fan-out tracks them).
 */
export async function saveAndRing(
  deps: Deps,
  call: CallRecord,
  callees: readonly string[],
  kind: 'link' | 'direct',
): Promise<void> {
  try {
    // Indexed by session only when the provider will name the session (LiveKit's webhooks).
    const options = { findBySession: deps.provider.reportsBySession === true };
    if (callees.length === 1 && callees[0] === call.user) await deps.store.calls.create(call, options);
    else await deps.store.calls.createForCallees(call, callees, options);
  } catch (error) {
    deps.log.error({ err: error }, 'cannot store a new call');
    // The provider session was made for a call that now does not exist.
    await releaseProviderSession(deps, call);
    throw LoopError.backend();
  }
  deps.metrics.callsCreated.inc({ kind });
  const reason = kind === 'link' ? 'call.token' : 'call.direct';
  const summary = { callId: call.callId, callerName: call.callerId, callType: call.callType };
  for (const callee of callees) {
    deps.push.wake(callee, { topic: 'calls', version: call.timestampSec, reason, call: summary });
    // Open web apps hear of it at once (user events socket); not awaited: pushes still ring if the bus is down.
    deps.eventBus
      .publish(USER_EVENTS, callee, { kind: 'incoming-call', callId: call.callId })
      .catch((error: unknown) =>
        deps.log.warn({ err: error, callId: call.callId }, 'cannot announce a new call to open apps'),
      );
  }
}
