/**
 * One signalling socket of a two-party call, admitted by the gate (signalling-gate.ts) with the claims
 * of its call token: signals go to the other peer of the session (through the hub's bus topic), and the
 * other peer's joins, leaves and signals come back as frames.
 */
import type { WebSocket } from 'ws';
import { otherRole, type SignallingHub } from './signalling-hub.ts';
import type { SignallingBusMessage } from '../../bus/signalling-bus.ts';
import { SignallingSocket } from './signalling-socket.ts';
import {
  SIGNALLING_CLOSE_CODES,
  type IceServerInit,
  type PeerLeftReason,
  type PeerRole,
  type SignallingClientMessage,
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

export class SignallingConnection extends SignallingSocket<'replaced'> {
  /** The bus id of the other peer, while it is known to be there. */
  private peer: string | null = null;
  private onPeerKnown: (() => void) | null = null;

  constructor(
    socket: WebSocket,
    private readonly hub: SignallingHub,
    private readonly claims: JoinClaims,
    private readonly options: SignallingConnectionOptions,
  ) {
    super(socket, hub.deps.log, hub.deps.clock.now(), 'signalling');
    this.start(hub.join(this));
  }

  identity(): JoinClaims {
    return this.claims;
  }

  protected async onClientMessage(message: Exclude<SignallingClientMessage, { type: 'bye' }>): Promise<void> {
    if (message.type === 'join') return this.sendError('bad-message');
    if (this.peer === null) return this.sendError('no-peer');
    await this.hub.publish(this.claims.sessionId, {
      kind: 'signal',
      role: this.claims.role,
      conn: this.id,
      data: message.data,
    });
    this.options.relayed();
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
    this.flushAfterJoined({ type: 'joined', role: this.claims.role, peerPresent: this.peer !== null, iceServers });
  }

  /** A newer connection took this role: tell the client, close, and say nothing to the peer. */
  replace(): void {
    if (this.ended === 'replaced') return;
    this.endSilently('replaced', 'replaced', SIGNALLING_CLOSE_CODES.replaced);
  }

  protected endedSilently(): boolean {
    return this.ended === 'replaced';
  }

  protected publishLeave(reason: PeerLeftReason): Promise<void> {
    return this.hub.publish(this.claims.sessionId, { kind: 'leave', role: this.claims.role, conn: this.id, reason });
  }

  protected detach(): Promise<void> {
    return this.hub.detach(this);
  }
}
