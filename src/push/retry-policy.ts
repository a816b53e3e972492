/**
 * When to try a push again. Pure: the HTTP client asks it after every answer.
 *
 * 2xx delivered; 404/410 gone; 429, 5xx, timeouts and network errors are worth another attempt; anything
 * else (400, 401/403 for a refused VAPID token, 413, an address Loop may not push to) would fail the same way again.
 */
export interface RetryPolicy {
  maxAttempts: number;
  /** First backoff; doubled for each further attempt. */
  baseDelayMs: number;
  /** Longest wait. A `Retry-After` beyond it ends the retries: the push would be stale by then. */
  maxDelayMs: number;
}

export type PushAnswer =
  { status: number; retryAfter?: string | undefined } | { error: 'timeout' | 'network' | 'refused-address' };

export type Verdict = 'delivered' | 'gone' | 'retry' | 'failed';

export function verdictFor(answer: PushAnswer): Verdict {
  if ('error' in answer) return answer.error === 'refused-address' ? 'failed' : 'retry';
  const { status } = answer;
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 404 || status === 410) return 'gone';
  if (status === 429 || status >= 500) return 'retry';
  return 'failed';
}

/** `Retry-After` as milliseconds from `nowMs`: delta-seconds or an HTTP date (RFC 9110 §10.2.3); null if unreadable. */
export function retryAfterMs(header: string | undefined, nowMs: number): number | null {
  if (header === undefined) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

/**
 * How long to wait before the next attempt, or null to stop. `attemptsMade` counts the attempt just
 * answered. No retry is scheduled past `giveUpAtMs` (the message's TTL): a ring nobody can hear is noise.
 */
export function nextDelayMs(
  attemptsMade: number,
  answer: PushAnswer,
  policy: RetryPolicy,
  nowMs: number,
  giveUpAtMs: number,
): number | null {
  if (verdictFor(answer) !== 'retry' || attemptsMade >= policy.maxAttempts) return null;
  const asked = 'status' in answer ? retryAfterMs(answer.retryAfter, nowMs) : null;
  if (asked !== null && asked > policy.maxDelayMs) return null;
  const delay = asked ?? Math.min(policy.baseDelayMs * 2 ** (attemptsMade - 1), policy.maxDelayMs);
  return nowMs + delay > giveUpAtMs ? null : delay;
}
