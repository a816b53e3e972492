/**
 * One side's progress websocket (spec §6.6, docs/realtime.md): hello with the call id and this side's
 * websocket token, then the call's states as they come. The server closes the socket after `connected`
 * or `terminated`; a close before either is reported as `lost`.
 */
import type { CallState, ProgressServerFrame as ServerMessage } from '@loop/client';

export interface ProgressHandlers {
  onState(state: CallState, reason: string | null): void;
  /** An `error` frame: the server closes the socket after it. */
  onError(reason: string): void;
  /** The socket closed before the call reached `connected` or `terminated`. */
  onLost(): void;
}

export class ProgressSocket {
  private readonly socket: WebSocket;
  private finished = false;

  constructor(
    url: string,
    callId: string,
    websocketToken: string,
    private readonly handlers: ProgressHandlers,
  ) {
    this.socket = new WebSocket(url);
    this.socket.addEventListener('open', () => this.send({ messageType: 'hello', callId, auth: websocketToken }));
    this.socket.addEventListener('message', (event) => this.receive(String(event.data)));
    this.socket.addEventListener('close', () => {
      if (!this.finished) {
        this.finished = true;
        this.handlers.onLost();
      }
    });
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN && !this.finished;
  }

  accept(): void {
    this.send({ messageType: 'action', event: 'accept' });
  }

  mediaUp(): void {
    this.send({ messageType: 'action', event: 'media-up' });
  }

  terminate(reason: string): void {
    this.send({ messageType: 'action', event: 'terminate', reason });
  }

  /** Closing from our side after the call settled: not a loss. */
  close(): void {
    this.finished = true;
    this.socket.close(1000);
  }

  private send(frame: Record<string, unknown>): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  private receive(raw: string): void {
    let message: ServerMessage;
    try {
      message = JSON.parse(raw) as ServerMessage;
    } catch {
      return;
    }
    if (message.messageType === 'error') {
      this.finished = true;
      this.handlers.onError(message.reason);
      return;
    }
    if (message.messageType !== 'hello' && message.messageType !== 'progress') return;
    if (message.state === 'connected' || message.state === 'terminated') this.finished = true;
    this.handlers.onState(message.state, message.reason ?? null);
  }
}
