/**
 * The callee's line to the server (`/events`, docs/realtime.md): a one-time ticket from
 * POST /events/ticket (Hawk), then a websocket that says at once when a call comes in or ends. Kept open
 * with pings; reopened with a growing pause when it drops.
 */
import {
  parseUserEventsServerMessage,
  type CalleeCallItem,
  type UserEventsClientMessage,
} from '../shared/signalling-protocol.ts';
import { EVENTS_ERROR_SENTENCES } from '../shared/plain-words.ts';
import type { CalleeSession } from './session.ts';

export interface EventsHandlers {
  /** Calls already ringing when the socket (re)opened. */
  onPending(calls: CalleeCallItem[]): void;
  onIncoming(call: CalleeCallItem): void;
  onCallEnded(callId: string, reason: string): void;
  /** One of the user's rooms changed (created, renamed, deleted, someone joined or left). */
  onRoomChanged?(roomToken: string): void;
  onConnectionChange(connected: boolean): void;
  /** The server refused the socket; it is reopened with a fresh ticket. */
  onProblem(sentence: string): void;
}

const PING_EVERY_MS = 25_000;
const MAX_PAUSE_MS = 30_000;

export class EventsSocket {
  private socket: WebSocket | null = null;
  private pauseMs = 1000;
  private pinger: ReturnType<typeof setInterval> | undefined;
  private stopped = false;

  constructor(
    private readonly session: CalleeSession,
    private readonly handlers: EventsHandlers,
  ) {}

  start(): void {
    void this.open();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.pinger);
    this.socket?.close(1000);
  }

  private async open(): Promise<void> {
    if (this.stopped) return;
    let ticket: string;
    try {
      ticket = (await this.session.signed((api) => api.POST('/events/ticket'))).data.ticket;
    } catch {
      return this.retryLater();
    }
    const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/events`;
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.addEventListener('open', () => this.send({ type: 'hello', ticket }));
    socket.addEventListener('message', (event) => this.receive(String(event.data)));
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      clearInterval(this.pinger);
      this.handlers.onConnectionChange(false);
      this.retryLater();
    });
  }

  private retryLater(): void {
    if (this.stopped) return;
    setTimeout(() => void this.open(), this.pauseMs);
    this.pauseMs = Math.min(this.pauseMs * 2, MAX_PAUSE_MS);
  }

  private send(message: UserEventsClientMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private receive(raw: string): void {
    const message = parseUserEventsServerMessage(raw);
    if (!message) return;
    switch (message.type) {
      case 'hello':
        this.pauseMs = 1000;
        clearInterval(this.pinger);
        this.pinger = setInterval(() => this.send({ type: 'ping' }), PING_EVERY_MS);
        this.handlers.onConnectionChange(true);
        this.handlers.onPending(message.pending);
        return;
      case 'incoming-call':
        this.handlers.onIncoming(message.call);
        return;
      case 'call-ended':
        this.handlers.onCallEnded(message.callId, message.reason);
        return;
      case 'room-changed':
        this.handlers.onRoomChanged?.(message.roomToken);
        return;
      case 'error':
        // Followed by a close, which reconnects with a fresh ticket.
        this.handlers.onProblem(EVENTS_ERROR_SENTENCES[message.reason]);
        return;
      default:
        return;
    }
  }
}
