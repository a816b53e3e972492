/**
 * One signalling socket of a room participant, admitted by the gate (signalling-gate.ts) with the claims
 * of its room token (`pid`, `name`). It keeps the room's other peers as the bus announced them (pid →
 * their current connection), relays each `signal` to the one peer it names, and tells its client who
 * joins and leaves.
 */
import type { WebSocket } from 'ws';
import type { RoomSignallingBusMessage } from '../../bus/signalling-bus.ts';
import type { RoomParticipantClaims } from '../../providers/builtin/participant-token.ts';
import type { RoomSignallingHub } from './room-signalling-hub.ts';
import { SignallingSocket } from './signalling-socket.ts';
import {
  SIGNALLING_CLOSE_CODES,
  type IceServerInit,
  type PeerLeftReason,
  type SignallingClientMessage,
} from './signalling-messages.ts';

interface KnownPeer {
  name: string;
  conn: string;
  at: number;
}

/** Of two connections of one pid, the later join wins (ties broken by id, so every instance agrees). */
const isLater = (at: number, conn: string, than: { at: number; conn: string }) =>
  at > than.at || (at === than.at && conn > than.conn);

export class RoomSignallingConnection extends SignallingSocket<'replaced' | 'expired'> {
  private readonly peers = new Map<string, KnownPeer>();

  constructor(
    socket: WebSocket,
    private readonly hub: RoomSignallingHub,
    readonly claims: RoomParticipantClaims,
    private readonly options: { relayed(): void },
  ) {
    super(socket, hub.deps.log, hub.deps.clock.now(), 'room signalling');
    this.start(hub.join(this));
  }

  get active(): boolean {
    return this.ended === null;
  }

  protected async onClientMessage(message: Exclude<SignallingClientMessage, { type: 'bye' }>): Promise<void> {
    // A second join, or a signal that names no peer: in a room every signal goes to one peer.
    if (message.type === 'join' || message.to === undefined) return this.sendError('bad-message');
    if (!this.peers.has(message.to)) return this.sendError('no-peer');
    await this.hub.publish(this.claims.sid, {
      kind: 'signal',
      pid: this.claims.pid,
      conn: this.id,
      to: message.to,
      data: message.data,
    });
    this.options.relayed();
  }

  /** What the hub relays from the session's topic (this instance's own messages included). */
  onBusMessage(message: RoomSignallingBusMessage): void {
    if (this.ended || ('conn' in message && message.conn === this.id)) return;
    if (message.pid === this.claims.pid) return this.onOwnPid(message);
    switch (message.kind) {
      case 'join':
        this.peerJoined(message.pid, message.name, message.conn, message.at);
        void this.hub
          .publish(this.claims.sid, {
            kind: 'present',
            pid: this.claims.pid,
            name: this.claims.name,
            conn: this.id,
            at: this.joinedAt,
            to: message.conn,
          })
          .catch((error: unknown) => this.fail(error));
        return;
      case 'present':
        if (message.to === this.id) this.peerJoined(message.pid, message.name, message.conn, message.at);
        return;
      case 'leave': {
        const known = this.peers.get(message.pid);
        // A leave of an older connection of that pid (already replaced) changes nothing.
        if (!known || (message.conn !== undefined && message.conn !== known.conn)) return;
        this.peers.delete(message.pid);
        this.sendAfterJoined({ type: 'participant-left', pid: message.pid, reason: message.reason });
        return;
      }
      case 'signal':
        if (message.to === this.claims.pid)
          this.sendAfterJoined({ type: 'signal', from: message.pid, data: message.data });
        return;
    }
  }

  /** Another connection of this participation (a reloaded page), or its expiry. */
  private onOwnPid(message: RoomSignallingBusMessage): void {
    if (message.kind === 'join' && isLater(message.at, message.conn, { at: this.joinedAt, conn: this.id }))
      this.endSilently('replaced', 'replaced', SIGNALLING_CLOSE_CODES.replaced);
    else if (message.kind === 'leave' && message.conn === undefined && message.reason === 'expired')
      this.endSilently('expired', 'expired', SIGNALLING_CLOSE_CODES.expired);
  }

  /** Peer `pid` is (now) at connection `conn`: said once per connection (a new one means a new negotiation). */
  peerJoined(pid: string, name: string, conn: string, at: number): void {
    const known = this.peers.get(pid);
    if (known && (known.conn === conn || !isLater(at, conn, known))) return;
    this.peers.set(pid, { name, conn, at });
    // Before `room-joined`, its peer list says it.
    if (this.pending === null) this.send({ type: 'participant-joined', pid, name });
  }

  sendJoined(iceServers: IceServerInit[]): void {
    if (this.ended) return;
    const peers = [...this.peers].map(([pid, peer]) => ({ pid, name: peer.name }));
    this.flushAfterJoined({ type: 'room-joined', pid: this.claims.pid, role: this.claims.role, peers, iceServers });
  }

  protected endedSilently(): boolean {
    return this.ended === 'replaced' || this.ended === 'expired';
  }

  protected publishLeave(reason: PeerLeftReason): Promise<void> {
    return this.hub.publish(this.claims.sid, { kind: 'leave', pid: this.claims.pid, conn: this.id, reason });
  }

  protected detach(): Promise<void> {
    return this.hub.detach(this);
  }
}
