/**
 * Requests to the identity provider. Anything that says "the provider is not answering properly" (network
 * error, timeout, 5xx, a body that is not JSON) becomes 503 errno 201, so clients retry later; what the
 * provider answers on purpose (4xx) is returned for the caller to judge.
 */
import { LoopError } from '../../errors/loop-error.ts';

export function identityProviderUnavailable(): LoopError {
  return LoopError.backend('The identity provider is unavailable; please retry later.');
}

export interface ProviderAnswer {
  status: number;
  body: Record<string, unknown>;
}

export async function requestProviderJson(url: string, init: RequestInit, timeoutMs: number): Promise<ProviderAnswer> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: 'application/json', ...init.headers },
    });
  } catch {
    throw identityProviderUnavailable();
  }
  if (response.status >= 500) throw identityProviderUnavailable();
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw identityProviderUnavailable();
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw identityProviderUnavailable();
  return { status: response.status, body: body as Record<string, unknown> };
}
