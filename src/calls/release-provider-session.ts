/**
 * A call's media session is released at the provider once the call is over (a Janus room is destroyed
 * and its tokens removed; providers without `destroySession` hold nothing idle). Not awaited by the event
 * that ended the call: the progress sockets hear of the end at once, and a failed release only leaves a
 * room that admits nobody new, which is logged and counted (`loop_provider_errors_total`).
 */
import type { LoopDeps } from '../deps.ts';
import { DEFAULT_CHANNEL, type Provider } from '../providers/provider.ts';
import type { CallRecord } from './call-record.ts';

export function releaseProviderSession(
  deps: { provider: Provider; log: LoopDeps['log'] },
  call: Pick<CallRecord, 'callId' | 'provider' | 'apiKey' | 'sessionId'>,
): Promise<void> {
  const provider = deps.provider;
  // A call made before the operator changed LOOP_PROVIDER belongs to a provider this process no longer has.
  if (!provider.destroySession || call.provider !== provider.name) return Promise.resolve();
  return provider
    .destroySession({ sessionId: call.sessionId, apiKey: call.apiKey, channel: DEFAULT_CHANNEL })
    .catch((error: unknown) => {
      deps.log.warn({ err: error, callId: call.callId, provider: provider.name }, 'cannot release a provider session');
    });
}
