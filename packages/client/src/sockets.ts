/**
 * Loop's websockets as typed event streams, on the standard `WebSocket` (browsers, Node 22): frames are
 * parsed JSON of a declared type, read in order with `next()` (which fails on a timeout or a close
 * instead of hanging) or with `for await`, and `closed` tells how the socket ended.
 */
import type {
  ProgressClientFrame,
  ProgressServerFrame,
  UserEventsClientFrame,
  UserEventsServerFrame,
} from './messages.ts';

export interface OpenSocketOptions {
  /** Another WebSocket class (default: the global one). */
  WebSocket?: typeof WebSocket;
  /** How long `open` waits for the connection, ms (default 10 000). */
  timeoutMs?: number;
}

export interface CloseInfo {
  code: number;
  reason: string;
}

/** The default wait of `next()`, ms. */
const NEXT_TIMEOUT_MS = 10_000;

export class JsonStream<In, Out> implements AsyncIterable<In> {
  private readonly frames: In[] = [];
  private readonly waiters = new Set<() => void>();
  private closeInfo: CloseInfo | null = null;
  /** Resolves when the socket closed, with the code and reason the server gave. */
  readonly closed: Promise<CloseInfo>;

  protected constructor(readonly socket: WebSocket) {
    socket.addEventListener('message', (event: MessageEvent) => {
      let frame: In;
      try {
        frame = JSON.parse(typeof event.data === 'string' ? event.data : String(event.data)) as In;
      } catch {
        return; // The server sends JSON only; anything else is not a frame of this protocol.
      }
      this.frames.push(frame);
      this.wake();
    });
    this.closed = new Promise((resolve) =>
      socket.addEventListener('close', (event: CloseEvent) => {
        this.closeInfo = { code: event.code, reason: event.reason };
        this.wake();
        resolve(this.closeInfo);
      }),
    );
  }

  /** Opens `url`; rejects when the connection is refused or not made in time. */
  protected static async connect(url: string, options: OpenSocketOptions = {}): Promise<WebSocket> {
    const Impl = options.WebSocket ?? globalThis.WebSocket;
    const socket = new Impl(url);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.close();
        reject(new Error(`websocket ${url} not open in time`));
      }, options.timeoutMs ?? 10_000);
      socket.addEventListener('open', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.addEventListener('error', () => {
        clearTimeout(timer);
        reject(new Error(`websocket ${url} refused`));
      });
    });
    return socket;
  }

  send(frame: Out): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** The next frame in arrival order; rejects after `timeoutMs` or when the socket closed without one. */
  async next(timeoutMs = NEXT_TIMEOUT_MS): Promise<In> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames.length === 0) {
      if (this.closeInfo) throw new Error(`socket closed (${this.closeInfo.code}) without a further frame`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no frame received in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.add(done);
      });
    }
    return this.frames.shift() as In;
  }

  /** Frames received and not read yet. */
  get unread(): readonly In[] {
    return this.frames;
  }

  /** Every frame until the socket closes. */
  async *[Symbol.asyncIterator](): AsyncIterator<In> {
    for (;;) {
      if (this.frames.length === 0 && this.closeInfo) return;
      try {
        yield await this.next(2 ** 31 - 1);
      } catch (error) {
        if (this.closeInfo && this.frames.length === 0) return;
        throw error;
      }
    }
  }

  close(code?: number, reason?: string): void {
    this.socket.close(code, reason);
  }

  private wake(): void {
    for (const waiter of this.waiters) waiter();
    this.waiters.clear();
  }
}

/** One side of one call's progress websocket (spec §6.6). */
export class ProgressSocket extends JsonStream<ProgressServerFrame, ProgressClientFrame> {
  static async open(url: string, options?: OpenSocketOptions): Promise<ProgressSocket> {
    return new ProgressSocket(await JsonStream.connect(url, options));
  }

  /** Says hello with the call id and this side's websocket token; resolves with the answer (state or error). */
  async hello(callId: string, auth: string): Promise<ProgressServerFrame> {
    this.send({ messageType: 'hello', callId, auth });
    return this.next();
  }

  action(event: 'accept' | 'media-up'): void;
  action(event: 'terminate', reason?: string): void;
  action(event: 'accept' | 'media-up' | 'terminate', reason?: string): void {
    if (event === 'terminate') this.send({ messageType: 'action', event, ...(reason !== undefined ? { reason } : {}) });
    else this.send({ messageType: 'action', event });
  }
}

/** A signed-in or anonymous user's events websocket (`GET /events`). */
export class UserEventsSocket extends JsonStream<UserEventsServerFrame, UserEventsClientFrame> {
  static async open(url: string, options?: OpenSocketOptions): Promise<UserEventsSocket> {
    return new UserEventsSocket(await JsonStream.connect(url, options));
  }

  /** Says hello with a ticket from `POST /events/ticket`; resolves with the answer (`hello` or `error`). */
  async hello(ticket: string): Promise<UserEventsServerFrame> {
    this.send({ type: 'hello', ticket });
    return this.next();
  }

  ping(): void {
    this.send({ type: 'ping' });
  }
}
