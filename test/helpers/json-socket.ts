/**
 * Websocket clients for tests over a real socket (`ws`), with a queue of received frames: a test reads
 * them in order and fails on a timeout instead of hanging. `QueuedSocket` is the queue; `JsonSocket` reads
 * the frames that carry `type` (signalling, user events); ProgressClient (progress-client.ts) adds the
 * progress protocol's helpers.
 */
import WebSocket from 'ws';

export type JsonFrame = Record<string, unknown> & { type?: string };

/** Resolves with the socket once it is open (rejects on a refused upgrade). */
export async function openWebSocket(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return socket;
}

export class QueuedSocket<F> {
  private readonly frames: F[] = [];
  private waiter: (() => void) | null = null;
  readonly closed: Promise<{ code: number; reason: string }>;

  protected constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as F);
      this.waiter?.();
    });
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => {
        this.waiter?.();
        resolve({ code, reason: reason.toString() });
      }),
    );
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The next frame, in arrival order. */
  async next(timeoutMs = 3000): Promise<F> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames.length === 0) {
      if (Date.now() > deadline) throw new Error('no frame received in time');
      if (this.socket.readyState === WebSocket.CLOSED) throw new Error('socket closed without a further frame');
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
        setTimeout(resolve, 25);
      });
    }
    return this.frames.shift() as F;
  }

  /** Frames still unread (a test asserting that nothing else arrived). */
  get unread(): readonly F[] {
    return this.frames;
  }

  async waitClosed(timeoutMs = 3000): Promise<{ code: number; reason: string }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('socket not closed in time')), timeoutMs);
    });
    try {
      return await Promise.race([this.closed, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.socket.close();
  }

  /** Drops the TCP connection without a close frame: what a crashed tab or a lost network looks like. */
  terminate(): void {
    this.socket.terminate();
  }
}

export class JsonSocket extends QueuedSocket<JsonFrame> {
  static async open(url: string): Promise<JsonSocket> {
    return new JsonSocket(await openWebSocket(url));
  }
}

/** Lets frames in flight arrive (for asserting that nothing more did). */
export const settle = (ms = 150) => new Promise((resolve) => setTimeout(resolve, ms));
