/**
 * One provider operation, timed (`providerLatency`) and, when it fails, logged and turned into a
 * ProviderError: whatever went wrong inside the provider, the client is told once, by the error handler,
 * 503 errno 201. Calls and rooms both go through it.
 */
import type { Logger } from 'pino';
import type { Metrics } from '../observability/metrics.ts';
import { ProviderError, type Provider } from './provider.ts';

export async function measuredProviderCall<T>(
  deps: { metrics: Metrics; log: Logger },
  provider: Pick<Provider, 'name'>,
  operation: string,
  work: () => Promise<T>,
): Promise<T> {
  const stop = deps.metrics.providerLatency.startTimer({ provider: provider.name, operation });
  try {
    const result = await work();
    stop({ outcome: 'ok' });
    return result;
  } catch (error) {
    stop({ outcome: 'error' });
    deps.log.error({ err: error, provider: provider.name, operation }, 'provider failed');
    throw error instanceof ProviderError ? error : new ProviderError(`${operation} failed`, { cause: error });
  }
}
