import { callLinkUrl, progressUrl } from '../http/public-urls.ts';
import type { Config } from '../config/schema.ts';
import type { ParticipantCredentials, Provider } from '../providers/provider.ts';
import type { CallRecord } from '../calls/call-record.ts';
import { progressToken, type ProgressTokenSecret } from '../calls/progress-tokens.ts';
import type { CalleeCallFields, CallerAnswerFields, ProviderExtrasFields } from './call-schemas.ts';

type PublicConfig = Pick<Config, 'publicUrl'>;

/** The caller's answer to POST /calls/{token} (spec §6.3), plus `provider` and the provider's extras. */
export function presentCallForCaller(
  config: PublicConfig,
  secrets: ProgressTokenSecret,
  call: CallRecord,
  caller: ParticipantCredentials,
): CallerAnswerFields {
  // Object.assign rather than `{ ...extras, callId, … }` (the same object): a spread followed by new
  // properties costs over a microsecond per property on Node 20 (docs/performance.md).
  // The extras are the provider's; the response schema sends only those it declares (call-schemas.ts).
  return Object.assign({}, caller.extras as ProviderExtrasFields, {
    callId: call.callId,
    websocketToken: progressToken(secrets, call, 'caller'),
    sessionId: call.sessionId,
    sessionToken: caller.token,
    apiKey: call.apiKey,
    progressURL: progressUrl(config),
    provider: call.provider,
  });
}

export type CalleeProvider = Pick<Provider, 'name' | 'clientExtras' | 'participantExtras' | 'participantTokenAt'>;

/** The stored callee token, or the one the provider mints again (empty if the call's provider is gone). */
function calleeToken(call: CallRecord, provider: CalleeProvider): string {
  if (call.calleeToken !== null) return call.calleeToken;
  const minted =
    call.provider === provider.name
      ? provider.participantTokenAt?.(call.sessionId, 'callee', call.timestampSec)
      : undefined;
  return minted ?? '';
}

/** One callee item, as GET /calls, the events socket's `hello.pending` and `incoming-call` show it. */
export type CalleeCallItem = CalleeCallFields;

/**
 * One item of GET /calls (spec §4.8): the callee's side of the call. `providerExtras` are the current
 * provider's client fields (LiveKit's URL); a call made under another provider before a restart gets none.
 */
export function presentCallForCallee(
  config: PublicConfig,
  secrets: ProgressTokenSecret,
  call: CallRecord,
  provider: CalleeProvider,
): CalleeCallFields {
  const link = call.callToken
    ? {
        callUrl: callLinkUrl(config, call.callToken),
        call_url: callLinkUrl(config, call.callToken),
        callToken: call.callToken,
        // Recorded with the token: a call made through a link has both.
        urlCreationDate: call.urlCreationDateSec ?? call.timestampSec,
      }
    : {};
  const extras: ProviderExtrasFields =
    call.provider === provider.name
      ? Object.assign({}, provider.clientExtras, provider.participantExtras?.(call.sessionId, 'callee'))
      : {};
  return Object.assign(extras, {
    callId: call.callId,
    callType: call.callType,
    callerId: call.callerId,
    websocketToken: progressToken(secrets, call, 'callee'),
    apiKey: call.apiKey,
    sessionId: call.sessionId,
    sessionToken: calleeToken(call, provider),
    progressURL: progressUrl(config),
    provider: call.provider,
    ...(call.subject !== null ? { subject: call.subject } : {}),
    ...link,
  });
}
