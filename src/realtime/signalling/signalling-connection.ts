/**
 * One signalling socket of a two-party call, admitted by the gate (signalling-gate.ts) with the claims
 * of its call token: signals go to the other peer of the session (through the hub's bus topic), and the
 * other peer's joins, leaves and signals come back as frames. Frames are handled one at a time, in order.
 */
import type { WebSocket } from 'ws';
import { randomHex } from '../../crypto/random.ts';
import { otherRole, type SignallingHub } from './signalling-hub.ts';
import type { SignallingBusMessage } from '../../bus/signalling-bus.ts';
import {
  SIGNALLING_CLOSE_CODES,
  encodeSignallingMessage,
  parseSignallingClientMessage,
  type IceServerInit,
  type PeerLeftReason,
  type PeerRole,
  type SignallingErrorReason,
  type SignallingServerMessage,
} from './signalling-messages.ts';

export interface JoinClaims {
  sessionId: string;
  role: PeerRole;
}

export interface SignallingConnectionOptions {
  /** Called once for each `signal` frame passed on to the other peer (counted in metrics). */
  relayed(): void;
}

/** Resolves when the peer becomes known, or when `within` gives up waiting. */
interface PeerWait {
  within(ms: number): Promise<void>;
  cancel(): void;
}

type CloseCode = (typeof SIGNALLING_CLOSE_CODES)[keyof typeof SIGNALLING_CLOSE_CODES];

export class SignallingConnection {
  /** Names this connection on the bus; unique across instances. */
  readonly id = randomHex(12);
  readonly joinedAt: number;
  /** The bus id of the other peer, while it is known to be there. */
  private peer: string | null = null;
  /** Frames for the client wait here until `joined` has been sent, so it always comes first. */
  private pending: SignallingServerMessage[] | null = [];
  private onPeerKnown: (() => void) | null = null;
  private ended: 'replaced' | 'bye' | 'closing' | null = null;
  private left: Promise<void> | null = null;
  private queue: Promise<void>;

  constructor(
    private readonly socket: WebSocket,
    private readonly hub: SignallingHub,
    private readonly claims: JoinClaims,
    private readonly options: SignallingConnectionOptions,
  ) {
    this.joinedAt = hub.deps.clock.now();
    // Frames sent right after the join wait in the queue until the hub has admitted this connection.
    this.queue = hub.join(this).catch((error: unknown) => this.fail(error));
    socket.on('message', (data, isBinary) => {
      const raw = isBinary ? '' : data.toString();
      this.queue = this.queue.then(() => this.handle(raw)).catch((error: unknown) => this.fail(error));
    });
    socket.on('close', () => void this.onClosed());
  }

  identity(): JoinClaims {
    return this.claims;
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
    if (message.type === 'join') return this.sendError('bad-message');
    if (message.type === 'bye') return this.bye();
    if (this.peer === null) return this.sendError('no-peer');
    await this.hub.publish(this.claims.sessionId, {
      kind: 'signal',
      role: this.claims.role,
      conn: this.id,
      data: message.data,
    });
    this.options.relayed();
  }

  private async bye(): Promise<void> {
    this.ended = 'bye';
    await this.leave('bye');
    this.close(SIGNALLING_CLOSE_CODES.normal);
  }

  /** What the hub relays from the session's topic (this instance's own messages included). */
  onBusMessage(message: SignallingBusMessage): void {
    if (message.conn === this.id || this.ended) return;
    const me = this.claims;
    if (message.role === me.role) {
      // Two joins with one role: the later wins (ties broken by id, so both instances agree).
      if (
        message.kind === 'join' &&
        (message.at > this.joinedAt || (message.at === this.joinedAt && message.conn > this.id))
      )
        this.replace();
      return;
    }
    switch (message.kind) {
      case 'join':
        this.peerJoined(message.conn);
        void this.hub
          .publish(me.sessionId, { kind: 'present', role: me.role, conn: this.id, to: message.conn })
          .catch((error: unknown) => this.fail(error));
        return;
      case 'present':
        if (message.to === this.id) this.peerJoined(message.conn);
        return;
      case 'leave':
        if (this.peer !== message.conn) return;
        this.peer = null;
        this.sendAfterJoined({ type: 'peer-left', role: message.role, reason: message.reason });
        return;
      case 'signal':
        this.sendAfterJoined({ type: 'signal', data: message.data });
        return;
    }
  }

  /** The other peer is `conn`: say so once per peer connection (a new one means a new negotiation). */
  peerJoined(conn: string): void {
    if (this.peer === conn) return;
    this.peer = conn;
    this.onPeerKnown?.();
    // Before `joined`, its `peerPresent` says it.
    if (this.pending === null) this.send({ type: 'peer-joined', role: otherRole(this.claims.role) });
  }

  waitForPeer(): PeerWait {
    let timer: NodeJS.Timeout | undefined;
    const known = new Promise<void>((resolve) => {
      this.onPeerKnown = resolve;
    });
    return {
      within: (ms) => Promise.race([known, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]),
      cancel: () => {
        clearTimeout(timer);
        this.onPeerKnown = null;
      },
    };
  }

  sendJoined(iceServers: IceServerInit[]): void {
    if (this.ended) return;
    const waiting = this.pending ?? [];
    this.pending = null;
    this.send({ type: 'joined', role: this.claims.role, peerPresent: this.peer !== null, iceServers });
    // Only signals wait: what the peer did before `joined` is summed up by `peerPresent`.
    for (const frame of waiting) if (frame.type === 'signal') this.send(frame);
  }

  /** A newer connection took this role: tell the client, close, and say nothing to the peer. */
  replace(): void {
    if (this.ended === 'replaced') return;
    this.ended = 'replaced';
    this.sendError('replaced');
    this.close(SIGNALLING_CLOSE_CODES.replaced);
    void this.hub
      .detach(this)
      .catch((error: unknown) => this.hub.deps.log.warn({ err: error }, 'signalling detach failed'));
  }

  /** Server shutdown: the peer learns `disconnected` (the client may join again on another instance). */
  async shutdown(): Promise<void> {
    if (!this.ended) {
      this.ended = 'closing';
      await this.leave('disconnected').catch(() => {});
    }
    this.close(SIGNALLING_CLOSE_CODES.shutdown);
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

  private refuse(reason: SignallingErrorReason, code: CloseCode): void {
    this.sendError(reason);
    this.ended ??= 'closing';
    this.close(code);
  }

  private close(code: CloseCode): void {
    this.socket.close(code);
  }

  private fail(error: unknown): void {
    this.hub.deps.log.error({ err: error }, 'signalling websocket failed');
    if (!this.ended) this.refuse('unavailable', SIGNALLING_CLOSE_CODES.unavailable);
  }

  private async onClosed(): Promise<void> {
    await this.queue;
    if (this.ended !== 'replaced')
      await this.leave('disconnected').catch((error: unknown) =>
        this.hub.deps.log.warn({ err: error }, 'signalling leave failed'),
      );
    this.ended ??= 'closing';
  }

  /** Once: tell the peer (unless this connection was replaced), and leave the hub. */
  private leave(reason: PeerLeftReason): Promise<void> {
    this.left ??= (async () => {
      try {
        await this.hub.publish(this.claims.sessionId, { kind: 'leave', role: this.claims.role, conn: this.id, reason });
      } finally {
        await this.hub.detach(this);
      }
    })();
    return this.left;
  }
}
