/**
 * The SDK's client as the pages use it: same origin (the pages are served by the Loop server they talk
 * to), no cookies (Loop authenticates by header), nothing cached.
 */
import { LoopClient, type LoopSession } from '@loop/client';

export function pageClient(session: LoopSession | null = null): LoopClient {
  return new LoopClient({
    baseUrl: location.origin,
    session,
    requestInit: { credentials: 'omit', cache: 'no-store' },
  });
}
