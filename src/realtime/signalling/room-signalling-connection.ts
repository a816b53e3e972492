/**
 * One signalling socket of a room participant, admitted by the gate (signalling-gate.ts) with the claims
 * of its room token (`pid`, `name`). It keeps the room's other peers as the bus announced them (pid →
 * their current connection), relays each `signal` to the one peer it names, and tells its client who
 * joins and leaves. Frames are handled one at a time, in order.
 */
import type { WebSocket } from 'ws';
import { randomHex } from '../../crypto/random.ts';
import type { RoomSignallingBusMessage } from '../../bus/signalling-bus.ts';
import type { RoomParticipantClaims } from '../../providers/builtin/participant-token.ts';
import type { RoomSignallingHub } from './room-signalling-hub.ts';
import {
  SIGNALLING_CLOSE_CODES,
  encodeSignallingMessage,
  parseSignallingClientMessage,
  type IceServerInit,
  type RoomLeftReason,
  type SignallingErrorReason,
  type SignallingServerMessage,
} from './signalling-messages.ts';

interface KnownPeer {
  name: string;
  conn: string;
  at: number;
}

/** Of two connections of one pid, the later join wins (ties broken by id, so every instance agrees). */
const isLater = (at: number, conn: string, than: { at: number; conn: string }) =>
  at > than.at || (at === than.at && conn > than.conn);

export class RoomSignallingConnection {
  /** Names this connection on the bus; unique across instances. */
  readonly id = randomHex(12);
  readonly joinedAt: number;
  private readonly peers = new Map<string, KnownPeer>();
  /** Frames for the client wait here until `room-joined` has been sent, so it always comes first. */
  private pending: SignallingServerMessage[] | null = [];
  private ended: 'replaced' | 'expired' | 'bye' | 'closing' | null = null;
  private left: Promise<void> | null = null;
  private queue: Promise<void>;

  constructor(
    private readonly socket: WebSocket,
    private readonly hub: RoomSignallingHub,
    readonly claims: RoomParticipantClaims,
    private readonly options: { relayed(): void },
  ) {
    this.joinedAt = hub.deps.clock.now();
    this.queue = hub.join(this).catch((error: unknown) => this.fail(error));
    socket.on('message', (data, isBinary) => {
      const raw = isBinary ? '' : data.toString();
      this.queue = this.queue.then(() => this.handle(raw)).catch((error: unknown) => this.fail(error));
    });
    socket.on('close', () => void this.onClosed());
  }

  get active(): boolean {
    return this.ended === null;
  }

  private async handle(raw: string): Promise<void> {
    if (this.ended) return;
    const parsed = parseSignallingClientMessage(raw);
    if (!parsed.ok) {
      this.sendError('bad-message');
      if (parsed.notJson) this.close(SIGNALLING_CLOSE_CODES.badMessage);
      return;
    }
    const { message } = parsed;
    if (message.type === 'bye') return this.bye();
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
      this.endWith('replaced', SIGNALLING_CLOSE_CODES.replaced);
    else if (message.kind === 'leave' && message.conn === undefined && message.reason === 'expired')
      this.endWith('expired', SIGNALLING_CLOSE_CODES.expired);
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
    const waiting = this.pending ?? [];
    this.pending = null;
    const peers = [...this.peers].map(([pid, peer]) => ({ pid, name: peer.name }));
    this.send({ type: 'room-joined', pid: this.claims.pid, role: this.claims.role, peers, iceServers });
    // Only signals wait: joins and leaves before `room-joined` are summed up by its peer list.
    for (const frame of waiting) if (frame.type === 'signal') this.send(frame);
  }

  /** Server shutdown: the peers learn `disconnected` (the client may join again on another instance). */
  async shutdown(): Promise<void> {
    if (!this.ended) {
      this.ended = 'closing';
      await this.leave('disconnected').catch(() => {});
    }
    this.close(SIGNALLING_CLOSE_CODES.shutdown);
  }

  private async bye(): Promise<void> {
    this.ended = 'bye';
    await this.leave('bye');
    this.close(SIGNALLING_CLOSE_CODES.normal);
  }

  /** Replaced or expired: tell the client, close, and say nothing to the peers (they know already). */
  private endWith(reason: 'replaced' | 'expired', code: number): void {
    this.ended = reason;
    this.sendError(reason);
    this.close(code);
    void this.hub
      .detach(this)
      .catch((error: unknown) => this.hub.deps.log.warn({ err: error }, 'room signalling detach failed'));
  }

  private sendAfterJoined(frame: SignallingServerMessage): void {
    if (this.pending) this.pending.push(frame);
    else this.send(frame);
  }

  private send(frame: SignallingServerMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(encodeSignallingMessage(frame));
  }

  private sendError(reason: SignallingErrorReason): void {
    this.send({ type: 'error', reason });
  }

  private close(code: number): void {
    this.socket.close(code);
  }

  private fail(error: unknown): void {
    this.hub.deps.log.error({ err: error }, 'room signalling websocket failed');
    if (this.ended) return;
    this.ended = 'closing';
    this.sendError('unavailable');
    this.close(SIGNALLING_CLOSE_CODES.unavailable);
  }

  private async onClosed(): Promise<void> {
    await this.queue;
    if (this.ended !== 'replaced' && this.ended !== 'expired')
      await this.leave('disconnected').catch((error: unknown) =>
        this.hub.deps.log.warn({ err: error }, 'room signalling leave failed'),
      );
    this.ended ??= 'closing';
  }

  /** Once: tell the peers, and leave the hub. */
  private leave(reason: Exclude<RoomLeftReason, 'expired'>): Promise<void> {
    this.left ??= (async () => {
      try {
        await this.hub.publish(this.claims.sid, { kind: 'leave', pid: this.claims.pid, conn: this.id, reason });
      } finally {
        await this.hub.detach(this);
      }
    })();
    return this.left;
  }
}
