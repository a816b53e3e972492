/**
 * Provider sessions being released in the background (a Janus room destroyed, its tokens removed). The
 * request that ended the room does not wait for the provider: a slow or failed release only leaves a room
 * that admits nobody new, which is logged here and swept later (`room-session-sweep.ts`). Shutdown waits for
 * releases in flight, as it waits for pushes.
 */
import type { Logger } from 'pino';
import type { Provider, ProviderSession } from '../providers/provider.ts';

export class SessionReleases {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly log: Logger) {}

  /** Starts the release and returns at once; `context` names what is released in the log (no secret). */
  release(provider: Provider, session: ProviderSession, context: Record<string, unknown>): void {
    if (!provider.destroySession) return;
    const work: Promise<void> = provider
      .destroySession(session)
      .catch((error: unknown) => {
        this.log.warn({ err: error, provider: provider.name, ...context }, 'cannot release a provider session');
      })
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  get pending(): number {
    return this.inFlight.size;
  }

  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}
