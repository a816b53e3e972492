import { callLinkUrl, progressUrl } from '../call-urls/links.ts';
import type { Config } from '../config/schema.ts';
import type { ParticipantCredentials } from '../providers/provider.ts';
import type { CallRecord } from '../storage/store.ts';

type PublicConfig = Pick<Config, 'publicUrl'>;

/** The caller's answer to POST /calls/{token} (spec §6.3), plus `provider` and the provider's extras. */
export function presentCallForCaller(config: PublicConfig, call: CallRecord, caller: ParticipantCredentials) {
  return {
    ...caller.extras,
    callId: call.callId,
    websocketToken: call.wsCallerToken,
    sessionId: call.sessionId,
    sessionToken: caller.token,
    apiKey: call.apiKey,
    progressURL: progressUrl(config),
    provider: call.provider,
  };
}

/** One item of GET /calls (spec §4.8): the callee's side of the call. */
export function presentCallForCallee(config: PublicConfig, call: CallRecord) {
  const link = call.callToken
    ? { callUrl: callLinkUrl(config, call.callToken), call_url: callLinkUrl(config, call.callToken), callToken: call.callToken, urlCreationDate: call.urlCreationDateSec }
    : {};
  return {
    callId: call.callId,
    callType: call.callType,
    callerId: call.callerId,
    websocketToken: call.wsCalleeToken,
    apiKey: call.apiKey,
    sessionId: call.sessionId,
    sessionToken: call.calleeToken,
    progressURL: progressUrl(config),
    provider: call.provider,
    ...(call.subject !== null ? { subject: call.subject } : {}),
    ...link,
  };
}
