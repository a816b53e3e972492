import { findLiveCallUrl } from '../call-urls/call-url-commands.ts';
import type { LoopDeps } from '../deps.ts';
import type { CallType } from './call-record.ts';
import { prepareCall, saveAndRing, type StartedCall } from './new-call.ts';

type Deps = Pick<LoopDeps, 'store' | 'clock' | 'config' | 'provider' | 'push' | 'metrics' | 'log' | 'eventBus'>;

export type { StartedCall } from './new-call.ts';

export interface StartCallRequest {
  token: string;
  callType: CallType;
  subject?: string;
  channel?: string;
}

/**
 * Alice clicked Bob's link and calls: one provider session, a token for each side, one atomic write of
 * the call under Bob, then every device of Bob is woken. The reply does not wait for the pushes.
 */
export async function startCallFromLink(deps: Deps, request: StartCallRequest): Promise<StartedCall> {
  const link = await findLiveCallUrl(deps, request.token);
  const started = await prepareCall(deps, {
    user: link.user,
    callType: request.callType,
    subject: request.subject,
    channel: request.channel,
    callerId: link.callerId,
    calleeFriendlyName: link.issuer,
    link: { token: link.token, timestampSec: link.timestampSec },
  });
  await saveAndRing(deps, started.call, [link.user], 'link');
  return started;
}
