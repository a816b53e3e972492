/**
 * One progress websocket: translates frames into call events and published states into frames. It holds
 * no call state of its own beyond what the protocol needs per socket (its side, whether it accepted, the
 * last state it was sent); the call lives in the store.
 */
import { timingSafeEqual } from 'node:crypto';
import type { WebSocket } from 'ws';
import { applyCallEvent, type CallProgressDeps } from '../../calls/call-progress.ts';
import type { CallEvent } from '../../calls/call-state.ts';
import { progressToken, type ProgressTokenSecret } from '../../calls/progress-tokens.ts';
import type { CallRecord, CallSide, CallState } from '../../calls/call-record.ts';
import { CALL_PROGRESS, type CallProgressEvent, type Subscription } from '../../bus/event-bus.ts';
import {
  ERROR_REASONS,
  parseClientMessage,
  stateMessage,
  type ClientMessage,
  type ServerMessage,
} from './progress-messages.ts';

/** Why the socket closed: only a client going away (or breaking the protocol) can abandon a call. */
type CloseKind = 'client' | 'error' | 'finished' | 'shutdown';

export interface ConnectionLimits {
  /** Asked before a hello joins a call; false refuses the socket. */
  admit(callId: string, connection: ProgressConnection): boolean;
  release(callId: string, connection: ProgressConnection): void;
  /** How long a socket may stay open before a hello has joined it to a call; then it is refused. */
  helloTimeoutMs: number;
}

const CLOSE_CODES: Record<Exclude<CloseKind, 'client'>, number> = { finished: 1000, error: 1008, shutdown: 1001 };

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sideOf(secrets: ProgressTokenSecret, call: CallRecord, auth: string): CallSide | null {
  if (sameToken(auth, progressToken(secrets, call, 'caller'))) return 'caller';
  if (sameToken(auth, progressToken(secrets, call, 'callee'))) return 'callee';
  return null;
}

export class ProgressConnection {
  private callId: string | null = null;
  private side: CallSide | null = null;
  private joined = false;
  private accepted = false;
  private subscription: Subscription | null = null;
  private lastVersion = -1;
  private lastState: CallState | null = null;
  /** Events that arrive before the hello reply is sent wait here, so the reply always comes first. */
  private pending: CallProgressEvent[] | null = null;
  private closeKind: CloseKind | null = null;
  private queue: Promise<void> = Promise.resolve();
  private left: Promise<void> | null = null;
  /** Until a hello joins a call: a socket that only connects (or only echoes) holds memory and a file descriptor. */
  private helloTimer: NodeJS.Timeout | null;

  constructor(
    private readonly socket: WebSocket,
    private readonly deps: CallProgressDeps,
    private readonly limits: ConnectionLimits,
  ) {
    socket.on('message', (data, isBinary) => {
      const raw = isBinary ? '' : data.toString();
      // Frames are handled one at a time, in order, whatever the store's latency.
      this.queue = this.queue.then(() => this.handle(raw)).catch((error: unknown) => this.fail(error));
    });
    socket.on('close', () => void this.onClosed());
    this.helloTimer = setTimeout(() => this.onHelloTimeout(), limits.helloTimeoutMs);
    this.helloTimer.unref();
  }

  /** A hello still being handled (the store is slow) is given its chance: only a socket with none is refused. */
  private onHelloTimeout(): void {
    this.helloTimer = null;
    if (this.joined || this.callId || this.closeKind) return;
    this.deps.log.debug('progress websocket closed: no hello in time');
    this.refuse(ERROR_REASONS.helloTimeout);
  }

  private clearHelloTimer(): void {
    if (this.helloTimer) clearTimeout(this.helloTimer);
    this.helloTimer = null;
  }

  /** Server shutdown: leave the call without abandoning it (its deadlines still run), then close. */
  async shutdown(): Promise<void> {
    this.closeKind ??= 'shutdown';
    await this.leave();
    this.socket.close(CLOSE_CODES.shutdown, 'server shutting down');
  }

  private async handle(raw: string): Promise<void> {
    if (this.closeKind) return;
    const parsed = parseClientMessage(raw);
    if (!parsed.ok) return this.refuse(parsed.reason);
    const { message } = parsed;
    if (message.messageType === 'echo') return this.send({ messageType: 'echo', echo: message.echo });
    if (message.messageType === 'hello') return this.hello(message);
    return this.action(message);
  }

  private async hello(message: Extract<ClientMessage, { messageType: 'hello' }>): Promise<void> {
    if (typeof message.callId !== 'string') return this.refuse(ERROR_REASONS.badCallId);
    if (this.joined) {
      // One call per socket; a repeated hello for it just reports where it stands.
      if (message.callId !== this.callId) return this.refuse(ERROR_REASONS.badCallId);
      const call = await this.deps.store.calls.get(message.callId);
      return call ? this.send(stateMessage('hello', call.state, call.reason)) : this.refuse(ERROR_REASONS.badCallId);
    }
    const call = await this.deps.store.calls.get(message.callId);
    if (!call) return this.refuse(ERROR_REASONS.badCallId);
    const side = typeof message.auth === 'string' ? sideOf(this.deps.secrets, call, message.auth) : null;
    if (!side) return this.refuse(ERROR_REASONS.badAuth);
    if (!this.limits.admit(call.callId, this)) return this.refuse(ERROR_REASONS.tooManySockets);
    this.callId = call.callId;
    this.side = side;
    this.pending = [];
    this.subscription = await this.deps.eventBus.subscribe(CALL_PROGRESS, call.callId, (event) => this.onEvent(event));
    const result = await applyCallEvent(
      this.deps,
      call.callId,
      { type: 'hello', side },
      {
        onApplied: (before) => {
          this.joined = true;
          this.clearHelloTimer();
          this.lastVersion = before.version;
          this.lastState = before.state === 'half-initiated' ? 'init' : before.state;
          this.send(stateMessage('hello', before.state, before.reason));
          const waiting = this.pending ?? [];
          this.pending = null;
          for (const event of waiting) this.onEvent(event);
          if (before.state === 'terminated' || before.state === 'connected') this.close('finished');
        },
      },
    );
    if (result.kind === 'gone') return this.refuse(ERROR_REASONS.badCallId);
  }

  private async action(message: Extract<ClientMessage, { messageType: 'action' }>): Promise<void> {
    if (!this.joined || !this.callId || !this.side) return this.refuse(ERROR_REASONS.badAuth);
    const event: CallEvent =
      message.event === 'terminate'
        ? { type: 'terminate', side: this.side, reason: message.reason }
        : { type: message.event, side: this.side };
    // Marked before the write: our own `connecting` may come back before applyCallEvent returns.
    if (event.type === 'accept') this.accepted = true;
    const result = await applyCallEvent(this.deps, this.callId, event);
    if (result.kind === 'gone') return this.refuse(ERROR_REASONS.badCallId);
    if (result.kind === 'refused') {
      if (event.type === 'accept') this.accepted = false;
      return this.refuse(result.error);
    }
    // Terminating an already terminated call changes nothing and publishes nothing: say so here.
    if (event.type === 'terminate' && result.before.state === 'terminated')
      this.deliver('terminated', result.before.reason);
  }

  private onEvent(event: CallProgressEvent): void {
    if (this.pending) {
      this.pending.push(event);
      return;
    }
    if (this.closeKind || event.version <= this.lastVersion) return;
    this.lastVersion = event.version;
    if (event.state === 'connecting' && this.side === 'callee' && !this.accepted) {
      this.deliver('terminated', 'answered-elsewhere');
    } else {
      this.deliver(event.state, event.reason);
    }
  }

  private deliver(state: CallState, reason: string | null): void {
    if (state === this.lastState) return;
    this.lastState = state;
    this.send(stateMessage('progress', state, reason));
    if (state === 'terminated' || state === 'connected') this.close('finished');
  }

  private send(message: ServerMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private refuse(reason: string): void {
    this.send({ messageType: 'error', reason });
    this.close('error');
  }

  private fail(error: unknown): void {
    this.deps.log.error({ err: error, callId: this.callId }, 'progress websocket failed');
    if (!this.closeKind) this.refuse(ERROR_REASONS.unavailable);
  }

  private close(kind: Exclude<CloseKind, 'client'>): void {
    this.closeKind ??= kind;
    this.socket.close(CLOSE_CODES[kind]);
  }

  private async onClosed(): Promise<void> {
    this.closeKind ??= 'client';
    this.clearHelloTimer();
    await this.queue;
    await this.leave().catch((error: unknown) =>
      this.deps.log.error({ err: error, callId: this.callId }, 'leaving a call failed'),
    );
  }

  /** Releases the subscription and, once, tells the call this device is gone. */
  private leave(): Promise<void> {
    this.left ??= (async () => {
      await this.subscription?.unsubscribe();
      if (this.callId) this.limits.release(this.callId, this);
      if (!this.joined || !this.callId || !this.side) return;
      const abandoned = this.closeKind === 'client' || this.closeKind === 'error';
      await applyCallEvent(this.deps, this.callId, { type: 'leave', side: this.side, abandoned });
    })();
    return this.left;
  }
}
