/**
 * Rooms expire in the store by themselves (a Redis TTL, the SQLite sweep): nothing runs at that moment, so
 * nothing would tell the provider. This sweep asks each provider that holds sessions (`listSessions`, Janus)
 * which room sessions it has, by the label they were made with (the room token), and releases those whose
 * room the store no longer has. A session is released only when it was found orphaned by two sweeps in a
 * row: a room is made at the provider a moment before it is stored, and must not be taken for an expired one.
 * Every instance sweeps; releasing is repeatable. The same sweep catches a release that failed earlier.
 */
import type { Logger } from 'pino';
import type { Provider } from '../providers/provider.ts';
import type { RoomStore } from '../storage/store.ts';
import type { SessionReleases } from './session-releases.ts';

export interface RoomSessionSweepOptions {
  rooms: RoomStore;
  /** Every configured provider (the main one and the SFU); those without `listSessions` are skipped. */
  providers: readonly Provider[];
  releases: SessionReleases;
  log: Logger;
  intervalMs: number;
}

export class RoomSessionSweep {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  /** `provider sessionId` of the sessions found orphaned by the previous sweep. */
  private suspects = new Set<string>();

  constructor(private readonly options: RoomSessionSweepOptions) {}

  start(): void {
    if (this.timer || !this.options.providers.some((p) => p.listSessions && p.destroySession)) return;
    this.timer = setInterval(() => void this.sweep(), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One sweep (a sweep already running is joined, not doubled). */
  sweep(): Promise<void> {
    this.running ??= this.sweepProviders().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async sweepProviders(): Promise<void> {
    const suspects = new Set<string>();
    for (const provider of new Set(this.options.providers)) {
      if (!provider.listSessions || !provider.destroySession) continue;
      try {
        for (const { session, label } of await provider.listSessions()) {
          if (label === null) continue;
          const room = await this.options.rooms.get(label);
          if (room?.sessionId === session.sessionId) continue;
          const key = `${provider.name} ${session.sessionId}`;
          if (!this.suspects.has(key)) suspects.add(key);
          else this.options.releases.release(provider, session, { room: { event: 'expired' } });
        }
      } catch (error) {
        this.options.log.warn({ err: error, provider: provider.name }, 'cannot sweep the sessions of expired rooms');
      }
    }
    this.suspects = suspects;
  }
}
