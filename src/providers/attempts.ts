import { ProviderError, type AttemptFailureListener } from './provider.ts';

export interface AttemptPolicy {
  /** Attempts in total (spec §10: 3). */
  attempts: number;
  /** Each attempt gives up after this long. */
  timeoutMs: number;
  onFailure?: AttemptFailureListener;
}

export class ProviderTimeoutError extends ProviderError {
  constructor(operation: string, timeoutMs: number) {
    super(`${operation} timed out after ${timeoutMs} ms`);
    this.name = 'ProviderTimeoutError';
  }
}

/**
 * One attempt, bounded in time. A late answer is ignored: the SDK request may still finish in the
 * background (opentok 2.23 does not apply its own `timeout` option), but the caller is not kept waiting.
 */
async function attemptOnce<T>(operation: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new ProviderTimeoutError(operation, timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([work(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs `work` up to `policy.attempts` times, each bounded by `policy.timeoutMs`, retrying at once on any
 * failure as the 2016 server did. The last failure becomes a ProviderError (503 errno 201 upstream).
 */
export async function withAttempts<T>(operation: string, policy: AttemptPolicy, work: () => Promise<T>): Promise<T> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= policy.attempts; attempt += 1) {
    try {
      return await attemptOnce(operation, policy.timeoutMs, work);
    } catch (error) {
      lastError = error;
      policy.onFailure?.({
        operation,
        kind: error instanceof ProviderTimeoutError ? 'timeout' : 'error',
        attempt,
        error,
      });
    }
  }
  if (lastError instanceof ProviderError) throw lastError;
  throw new ProviderError(`${operation} failed after ${policy.attempts} attempt(s)`, { cause: lastError });
}

/** A short, secret-free reason for logs and the heartbeat: the root cause's message. */
export function failureReason(error: unknown): string {
  let current = error;
  while (current instanceof ProviderError && !(current instanceof ProviderTimeoutError) && current.cause !== undefined)
    current = current.cause;
  return current instanceof Error ? current.message.slice(0, 200) : String(current).slice(0, 200);
}
