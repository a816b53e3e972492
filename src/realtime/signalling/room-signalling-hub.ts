/**
 * The room side of the signalling relay on one instance: which participants of which room session are
 * connected here, and the bus subscription (`room-signal` topic) of each such session. As for calls
 * (signalling-hub.ts), everything between a session's peers travels on the bus, this instance's own
 * messages included, so one code path serves one instance and many.
 *
 * Presence across instances: a newcomer publishes `join`; every other peer, wherever it is, adds it and
 * answers `present`. Peers on this instance are listed in `room-joined` at once; on a shared (Redis) bus
 * the newcomer waits up to `presenceWaitMs` for the answers of the others before saying `room-joined`;
 * an answer that comes later arrives as `participant-joined`. No presence record is stored.
 */
import type { Logger } from 'pino';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../../clock.ts';
import type { EventBus, Subscription } from '../../bus/event-bus.ts';
import { ROOM_SIGNALLING, type RoomSignallingBusMessage } from '../../bus/signalling-bus.ts';
import type { RoomParticipantClaims } from '../../providers/builtin/participant-token.ts';
import type { RoomSignallingConnection } from './room-signalling-connection.ts';
import type { IceServerInit } from './signalling-messages.ts';

export interface RoomSignallingHubDeps {
  eventBus: EventBus;
  clock: Clock;
  log: Logger;
  iceServers(claims: RoomParticipantClaims): IceServerInit[];
  /** How long a newcomer waits for `present` answers from other instances (shared bus only). */
  presenceWaitMs: number;
}

interface LocalRoomSession {
  connections: Set<RoomSignallingConnection>;
  subscription: Promise<Subscription>;
}

export class RoomSignallingHub {
  private readonly sessions = new Map<string, LocalRoomSession>();

  constructor(readonly deps: RoomSignallingHubDeps) {}

  /** Room sessions with a peer on this instance (a leak shows up here). */
  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Admits `connection` to its room session here, announces it to every peer, then answers `room-joined`. */
  async join(connection: RoomSignallingConnection): Promise<void> {
    const { claims } = connection;
    let session = this.sessions.get(claims.sid);
    if (!session) {
      const subscription = this.deps.eventBus.subscribe(ROOM_SIGNALLING, claims.sid, (message) =>
        this.onBusMessage(claims.sid, message),
      );
      session = { connections: new Set(), subscription };
      this.sessions.set(claims.sid, session);
      subscription.catch(() => {
        if (this.sessions.get(claims.sid) === session) this.sessions.delete(claims.sid);
      });
    }
    session.connections.add(connection);
    await session.subscription;
    await this.publish(claims.sid, {
      kind: 'join',
      pid: claims.pid,
      name: claims.name,
      conn: connection.id,
      at: connection.joinedAt,
    });
    for (const other of session.connections)
      if (other !== connection && other.active && other.claims.pid !== claims.pid)
        connection.peerJoined(other.claims.pid, other.claims.name, other.id, other.joinedAt);
    if (this.deps.eventBus.kind !== 'in-process') await sleep(this.deps.presenceWaitMs);
    connection.sendJoined(this.deps.iceServers(claims));
  }

  publish(sessionId: string, message: RoomSignallingBusMessage): Promise<void> {
    return this.deps.eventBus.publish(ROOM_SIGNALLING, sessionId, message);
  }

  /** The connection is gone (closed, replaced, bye, expired): forget it; release the session with its last one. */
  async detach(connection: RoomSignallingConnection): Promise<void> {
    const sessionId = connection.claims.sid;
    const session = this.sessions.get(sessionId);
    if (!session?.connections.delete(connection) || session.connections.size > 0) return;
    this.sessions.delete(sessionId);
    await (await session.subscription).unsubscribe();
  }

  private onBusMessage(sessionId: string, message: RoomSignallingBusMessage): void {
    for (const connection of [...(this.sessions.get(sessionId)?.connections ?? [])]) connection.onBusMessage(message);
  }
}
