/**
 * What a call's and a room's signalling sockets share: frames handled one at a time and in order, frames for
 * the client held back until the join answer has gone out, `bye`, shutdown, failure, and leaving the hub
 * exactly once. The subclasses say what a frame means and what their peers are told when one leaves.
 */
import type { WebSocket } from 'ws';
import type { Logger } from 'pino';
import { randomHex } from '../../crypto/random.ts';
import {
  SIGNALLING_CLOSE_CODES,
  encodeSignallingMessage,
  parseSignallingClientMessage,
  type PeerLeftReason,
  type SignallingClientMessage,
  type SignallingErrorReason,
  type SignallingServerMessage,
} from './signalling-messages.ts';

/** How a socket ended: `bye` and `closing` are common; the subclass adds its own (replaced, expired). */
type Ending<Own extends string> = Own | 'bye' | 'closing';

export abstract class SignallingSocket<OwnEnding extends string> {
  /** Names this connection on the bus; unique across instances. */
  readonly id = randomHex(12);
  readonly joinedAt: number;
  /** Frames for the client wait here until the join answer has been sent, so it always comes first. */
  protected pending: SignallingServerMessage[] | null = [];
  protected ended: Ending<OwnEnding> | null = null;
  private left: Promise<void> | null = null;
  private queue: Promise<void> = Promise.resolve();

  protected constructor(
    private readonly socket: WebSocket,
    protected readonly log: Logger,
    now: number,
    /** Names the socket in logs: "signalling", "room signalling". */
    private readonly label: string,
  ) {
    this.joinedAt = now;
  }

  /** What the client's valid frame asks (never a `bye`: handled here). */
  protected abstract onClientMessage(message: Exclude<SignallingClientMessage, { type: 'bye' }>): Promise<void>;
  /** Tells the peers that this connection left. */
  protected abstract publishLeave(reason: PeerLeftReason): Promise<void>;
  /** Forgets this connection in the hub (its last one releases the bus subscription). */
  protected abstract detach(): Promise<void>;
  /** Whether the peers already know this connection ended (replaced, expired), so closing says nothing. */
  protected abstract endedSilently(): boolean;

  /**
   * Starts reading frames. Called by the subclass once it is fully built: frames sent right after the join wait
   * in the queue until the hub has admitted the connection.
   */
  protected start(joining: Promise<void>): void {
    this.queue = joining.catch((error: unknown) => this.fail(error));
    this.socket.on('message', (data, isBinary) => {
      const raw = isBinary ? '' : data.toString();
      this.queue = this.queue.then(() => this.handle(raw)).catch((error: unknown) => this.fail(error));
    });
    this.socket.on('close', () => void this.onClosed());
  }

  private async handle(raw: string): Promise<void> {
    if (this.ended) return;
    const parsed = parseSignallingClientMessage(raw);
    if (!parsed.ok) {
      this.sendError('bad-message');
      if (parsed.notJson) this.close(SIGNALLING_CLOSE_CODES.badMessage);
      return;
    }
    if (parsed.message.type === 'bye') return this.bye();
    await this.onClientMessage(parsed.message);
  }

  private async bye(): Promise<void> {
    this.ended = 'bye';
    await this.leave('bye');
    this.close(SIGNALLING_CLOSE_CODES.normal);
  }

  /** Server shutdown: the peers learn `disconnected` (the client may join again on another instance). */
  async shutdown(): Promise<void> {
    if (!this.ended) {
      this.ended = 'closing';
      await this.leave('disconnected').catch(() => {});
    }
    this.close(SIGNALLING_CLOSE_CODES.shutdown);
  }

  /** Sends the join answer, then the signals that arrived before it (what else came is in the answer). */
  protected flushAfterJoined(joined: SignallingServerMessage): void {
    const waiting = this.pending ?? [];
    this.pending = null;
    this.send(joined);
    for (const frame of waiting) if (frame.type === 'signal') this.send(frame);
  }

  /** Replaced or expired: tell the client, close, and say nothing to the peers (they know already). */
  protected endSilently(reason: OwnEnding, error: SignallingErrorReason, code: number): void {
    this.ended = reason;
    this.sendError(error);
    this.close(code);
    void this.detach().catch((err: unknown) => this.log.warn({ err }, `${this.label} detach failed`));
  }

  protected sendAfterJoined(frame: SignallingServerMessage): void {
    if (this.pending) this.pending.push(frame);
    else this.send(frame);
  }

  protected send(frame: SignallingServerMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(encodeSignallingMessage(frame));
  }

  protected sendError(reason: SignallingErrorReason): void {
    this.send({ type: 'error', reason });
  }

  private close(code: number): void {
    this.socket.close(code);
  }

  protected fail(error: unknown): void {
    this.log.error({ err: error }, `${this.label} websocket failed`);
    if (this.ended) return;
    this.ended = 'closing';
    this.sendError('unavailable');
    this.close(SIGNALLING_CLOSE_CODES.unavailable);
  }

  private async onClosed(): Promise<void> {
    await this.queue;
    if (!this.endedSilently())
      await this.leave('disconnected').catch((err: unknown) => this.log.warn({ err }, `${this.label} leave failed`));
    this.ended ??= 'closing';
  }

  /** Once: tell the peers (unless ended silently), and leave the hub. */
  private leave(reason: PeerLeftReason): Promise<void> {
    this.left ??= (async () => {
      try {
        await this.publishLeave(reason);
      } finally {
        await this.detach();
      }
    })();
    return this.left;
  }
}
