/**
 * One user events socket (the callee's web app): after a `hello` with a valid ticket, it lists the user's
 * live calls and then reports each new call and each end of a call it reported, and each change to one of
 * the user's rooms, from any instance.
 * Frames and bus messages are handled one at a time, in order, so `hello` always comes first and a call
 * is never reported twice.
 */
import type { WebSocket } from 'ws';
import type { LoopDeps } from '../../deps.ts';
import { presentCallForCallee } from '../../presenters/call-presenters.ts';
import type { CallRecord } from '../../calls/call-record.ts';
import { CALL_PROGRESS, type CallProgressEvent, type Subscription } from '../../bus/event-bus.ts';
import { USER_EVENTS, type UserBusMessage } from '../../bus/user-events-bus.ts';
import { redeemTicket } from './user-events-ticket.ts';
import {
  USER_EVENTS_CLOSE_CODES,
  encodeUserEventsMessage,
  parseUserEventsClientMessage,
  type CalleeCallItem,
  type UserEventsErrorReason,
  type UserEventsServerMessage,
} from './user-event-messages.ts';

export type UserEventsDeps = Pick<LoopDeps, 'store' | 'eventBus' | 'clock' | 'log' | 'config' | 'provider' | 'secrets'>;

type CloseCode = (typeof USER_EVENTS_CLOSE_CODES)[keyof typeof USER_EVENTS_CLOSE_CODES];

export class UserEventsConnection {
  private user: string | null = null;
  private userSubscription: Subscription | null = null;
  /** The calls this socket reported and follows until they end. */
  private readonly calls = new Map<string, Subscription>();
  private closed = false;
  private queue: Promise<void> = Promise.resolve();
  private readonly helloTimer: NodeJS.Timeout;

  constructor(
    private readonly socket: WebSocket,
    private readonly deps: UserEventsDeps,
    helloTimeoutMs: number,
  ) {
    this.helloTimer = setTimeout(() => this.refuse('timeout', USER_EVENTS_CLOSE_CODES.timeout), helloTimeoutMs);
    socket.on('message', (data, isBinary) => this.enqueue(() => this.handle(isBinary ? '' : data.toString())));
    socket.on('close', () => void this.onClosed());
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((error: unknown) => this.fail(error));
  }

  private async handle(raw: string): Promise<void> {
    if (this.closed) return;
    const parsed = parseUserEventsClientMessage(raw);
    if (!this.user) {
      if (!parsed.ok || parsed.message.type !== 'hello')
        return this.refuse('bad-message', USER_EVENTS_CLOSE_CODES.badMessage);
      return this.hello(parsed.message.ticket);
    }
    if (!parsed.ok) {
      this.send({ type: 'error', reason: 'bad-message' });
      if (parsed.notJson) this.close(USER_EVENTS_CLOSE_CODES.badMessage);
      return;
    }
    if (parsed.message.type === 'ping') return this.send({ type: 'pong' });
    this.send({ type: 'error', reason: 'bad-message' });
  }

  private async hello(ticket: string): Promise<void> {
    const user = await redeemTicket(
      { clock: this.deps.clock, nonces: this.deps.store.nonces, secret: this.deps.secrets.userMacSecret },
      ticket,
    );
    if (!user) return this.refuse('invalid-ticket', USER_EVENTS_CLOSE_CODES.invalidTicket);
    clearTimeout(this.helloTimer);
    this.user = user;
    // Subscribed before listing: a call made meanwhile is in the list or arrives after hello (or both: deduplicated).
    this.userSubscription = await this.deps.eventBus.subscribe(USER_EVENTS, user, (message) =>
      this.enqueue(() => this.onUserMessage(message)),
    );
    const pending: CalleeCallItem[] = [];
    for (const listed of await this.deps.store.calls.listForUser(user, 0)) {
      const call = await this.follow(listed.callId);
      if (call) pending.push(this.present(call));
    }
    this.send({ type: 'hello', pending });
  }

  private async onUserMessage(message: UserBusMessage): Promise<void> {
    if (message.kind === 'room-changed') {
      const { roomToken, event, version } = message;
      return this.send({ type: 'room-changed', roomToken, event, version });
    }
    if (this.closed || this.calls.has(message.callId)) return;
    const call = await this.follow(message.callId);
    if (call) this.send({ type: 'incoming-call', call: this.present(call) });
  }

  /**
   * Follows a call's progress, then reads it (so an end between the two is not missed); null, and not
   * followed, when it is gone or already terminated.
   */
  private async follow(callId: string): Promise<CallRecord | null> {
    const subscription = await this.deps.eventBus.subscribe(CALL_PROGRESS, callId, (event) =>
      this.enqueue(async () => this.onProgress(event)),
    );
    const call = await this.deps.store.calls.get(callId);
    if (this.closed || !call || call.state === 'terminated') {
      await subscription.unsubscribe();
      return null;
    }
    this.calls.set(callId, subscription);
    return call;
  }

  private async onProgress(event: CallProgressEvent): Promise<void> {
    const subscription = this.calls.get(event.callId);
    if (!subscription || event.state !== 'terminated') return;
    this.calls.delete(event.callId);
    await subscription.unsubscribe();
    this.send({ type: 'call-ended', callId: event.callId, reason: event.reason ?? 'terminated' });
  }

  private present(call: CallRecord): CalleeCallItem {
    return presentCallForCallee(this.deps.config, this.deps.secrets, call, this.deps.provider);
  }

  /** Server shutdown: release the subscriptions and close; the app reconnects (to any instance). */
  async shutdown(): Promise<void> {
    this.close(USER_EVENTS_CLOSE_CODES.shutdown);
    await this.release();
  }

  private send(frame: UserEventsServerMessage): void {
    if (!this.closed && this.socket.readyState === this.socket.OPEN) this.socket.send(encodeUserEventsMessage(frame));
  }

  private refuse(reason: UserEventsErrorReason, code: CloseCode): void {
    this.send({ type: 'error', reason });
    this.close(code);
  }

  private close(code: CloseCode): void {
    clearTimeout(this.helloTimer);
    this.closed = true;
    this.socket.close(code);
  }

  private fail(error: unknown): void {
    this.deps.log.error({ err: error }, 'user events websocket failed');
    if (!this.closed) this.refuse('unavailable', USER_EVENTS_CLOSE_CODES.unavailable);
  }

  private async onClosed(): Promise<void> {
    clearTimeout(this.helloTimer);
    this.closed = true;
    await this.queue;
    await this.release().catch((error: unknown) =>
      this.deps.log.warn({ err: error }, 'user events unsubscribe failed'),
    );
  }

  private async release(): Promise<void> {
    const subscriptions = [this.userSubscription, ...this.calls.values()];
    this.userSubscription = null;
    this.calls.clear();
    await Promise.all(subscriptions.map((s) => s?.unsubscribe()));
  }
}
