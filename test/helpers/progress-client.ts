/**
 * A progress-websocket client for tests over a real socket (the `ws` package), with a queue of received
 * frames so a test reads them in order and fails on a timeout instead of hanging.
 */
import WebSocket from 'ws';

export interface Frame {
  messageType: string;
  state?: string;
  reason?: string;
  echo?: unknown;
}

export class ProgressClient {
  private readonly frames: Frame[] = [];
  private waiter: (() => void) | null = null;
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as Frame);
      this.waiter?.();
    });
    this.closed = new Promise((resolve) => socket.on('close', (code, reason) => {
      this.waiter?.();
      resolve({ code, reason: reason.toString() });
    }));
  }

  static async open(progressUrl: string): Promise<ProgressClient> {
    const socket = new WebSocket(progressUrl);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new ProgressClient(socket);
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The next frame, in arrival order. */
  async next(timeoutMs = 3000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames.length === 0) {
      if (Date.now() > deadline) throw new Error('no frame received in time');
      if (this.socket.readyState === WebSocket.CLOSED) throw new Error('socket closed without a further frame');
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
        setTimeout(resolve, 25);
      });
    }
    return this.frames.shift() as Frame;
  }

  /** Frames still unread (a test asserting that nothing else arrived). */
  get unread(): readonly Frame[] {
    return this.frames;
  }

  async hello(callId: string, auth: string): Promise<Frame> {
    this.send({ messageType: 'hello', callId, auth });
    return this.next();
  }

  action(event: string, reason?: string): void {
    this.send({ messageType: 'action', event, ...(reason !== undefined ? { reason } : {}) });
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
}
