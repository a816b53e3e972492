/**
 * The signalling relay of one instance: which peers of which provider session are connected here, and
 * the bus subscription of each such session. Everything that concerns a session's peers (joins,
 * replacements, presence answers, leaves, signals) travels on the bus, this instance's own messages
 * included, so one code path serves one instance and many.
 *
 * Presence across instances: a newcomer publishes `join`; a peer of the other role, wherever it is,
 * answers `present`. `joined.peerPresent` is true at once when the other peer is on this instance;
 * otherwise, on a shared (Redis) bus, the newcomer waits up to `presenceWaitMs` for an answer before
 * saying `joined`; an answer that comes later arrives as `peer-joined`. No presence record is stored.
 */
import type { Logger } from 'pino';
import type { Clock } from '../../clock.ts';
import type { EventBus, Subscription } from '../../bus/event-bus.ts';
import { SIGNALLING, type SignallingBusMessage } from '../../bus/signalling-bus.ts';
import type { SignallingConnection } from './signalling-connection.ts';
import type { IceServerInit, PeerRole } from './signalling-messages.ts';

export interface SignallingHubDeps {
  eventBus: EventBus;
  clock: Clock;
  log: Logger;
  iceServers(sessionId: string, role: PeerRole): IceServerInit[];
  /** How long a newcomer waits for a `present` answer from another instance (shared bus only). */
  presenceWaitMs: number;
}

interface LocalSession {
  peers: Map<PeerRole, SignallingConnection>;
  subscription: Promise<Subscription>;
}

export const otherRole = (role: PeerRole): PeerRole => (role === 'caller' ? 'callee' : 'caller');

export class SignallingHub {
  private readonly sessions = new Map<string, LocalSession>();

  constructor(readonly deps: SignallingHubDeps) {}

  /** Sessions with a peer on this instance (a leak shows up here). */
  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Admits `connection` as its session's peer of its role here (replacing one already here), then tells everyone. */
  async join(connection: SignallingConnection): Promise<void> {
    const { sessionId, role } = connection.identity();
    let session = this.sessions.get(sessionId);
    if (!session) {
      const subscription = this.deps.eventBus.subscribe(SIGNALLING, sessionId, (message) =>
        this.onBusMessage(sessionId, message),
      );
      session = { peers: new Map(), subscription };
      this.sessions.set(sessionId, session);
      subscription.catch(() => {
        if (this.sessions.get(sessionId) === session) this.sessions.delete(sessionId);
      });
    }
    const previous = session.peers.get(role);
    session.peers.set(role, connection);
    previous?.replace();
    await session.subscription;
    const answered = connection.waitForPeer();
    await this.publish(sessionId, { kind: 'join', role, conn: connection.id, at: connection.joinedAt });
    const local = session.peers.get(otherRole(role));
    if (local) connection.peerJoined(local.id);
    else if (this.deps.eventBus.kind !== 'in-process') await answered.within(this.deps.presenceWaitMs);
    answered.cancel();
    connection.sendJoined(this.deps.iceServers(sessionId, role));
  }

  publish(sessionId: string, message: SignallingBusMessage): Promise<void> {
    return this.deps.eventBus.publish(SIGNALLING, sessionId, message);
  }

  /** The connection is gone (closed, replaced, bye): forget it, and release the session when it was the last here. */
  async detach(connection: SignallingConnection): Promise<void> {
    const { sessionId, role } = connection.identity();
    const session = this.sessions.get(sessionId);
    if (!session || session.peers.get(role) !== connection) return;
    session.peers.delete(role);
    if (session.peers.size > 0) return;
    this.sessions.delete(sessionId);
    await (await session.subscription).unsubscribe();
  }

  private onBusMessage(sessionId: string, message: SignallingBusMessage): void {
    for (const connection of [...(this.sessions.get(sessionId)?.peers.values() ?? [])])
      connection.onBusMessage(message);
  }
}
