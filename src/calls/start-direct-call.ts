/**
 * A signed-in user calls other signed-in users by identity (spec §6.4). Every reachable callee (one with
 * at least one device registered for `calls`, by SimplePush or Web Push) sees the same call; all their devices are woken.
 *
 * Unlike 2016, callees are looked up before the provider session is made: a call to nobody costs the
 * provider nothing and answers 400 errno 122 at once.
 */
import { normalizeIdentity } from '../auth/oidc/identity-claims.ts';
import type { LoopDeps } from '../deps.ts';
import { LoopError } from '../errors/loop-error.ts';
import { userMacOf } from '../identity/sign-in.ts';
import type { CallType } from './call-record.ts';
import { prepareCall, saveAndRing, type StartedCall } from './new-call.ts';

type Deps = Pick<
  LoopDeps,
  'store' | 'clock' | 'config' | 'provider' | 'push' | 'metrics' | 'log' | 'secrets' | 'eventBus'
>;

export interface DirectCallRequest {
  /** The caller's verified identity (opened from the session). */
  callerId: string;
  calleeIds: readonly string[];
  callType: CallType;
  subject?: string;
  channel?: string;
}

/** A device registered for `calls` through either transport: a SimplePush URL or a Web Push subscription. */
async function canBeWoken(deps: Deps, userMac: string): Promise<boolean> {
  const { simplePushUrls, webPushSubscriptions } = await deps.store.pushEndpoints.listTargetsForUser(userMac, 'calls');
  return simplePushUrls.length > 0 || webPushSubscriptions.length > 0;
}

async function reachableCallees(deps: Deps, calleeIds: readonly string[]): Promise<string[]> {
  const userMacs = [...new Set(calleeIds.map((id) => userMacOf(deps, normalizeIdentity(id))))];
  const reachable = await Promise.all(
    userMacs.map(async (userMac) => ((await canBeWoken(deps, userMac)) ? userMac : null)),
  );
  return reachable.filter((userMac): userMac is string => userMac !== null);
}

export async function startDirectCall(deps: Deps, request: DirectCallRequest): Promise<StartedCall> {
  const callees = await reachableCallees(deps, request.calleeIds);
  const [first] = callees;
  if (first === undefined) throw LoopError.userUnavailable();
  const started = await prepareCall(deps, {
    user: first,
    callType: request.callType,
    subject: request.subject,
    channel: request.channel,
    callerId: request.callerId,
    calleeFriendlyName: '',
    link: null,
  });
  await saveAndRing(deps, started.call, callees, 'direct');
  return started;
}
