/**
 * HTTP/1.1 written by hand over a TCP socket, so a test controls when each byte leaves: a request can be
 * half sent (or not sent at all) on a connection the server has already accepted, and the rest sent later.
 * That is the only way to place "accepted before the signal, finished after it" exactly.
 */
import net from 'node:net';

export interface RawAnswer {
  /** The status line's code, or null when the connection ended without an answer (reset or closed). */
  status: number | null;
  /** `ECONNRESET` and the like when the socket failed. */
  error?: string;
  text: string;
}

export interface HeldRequest {
  /** Sends what was held back and resolves with the answer (the request asks for `Connection: close`). */
  finish(): Promise<RawAnswer>;
}

/** Connects, sends the first `sentBefore` bytes of `request`, and holds the rest until `finish()`. */
export async function holdRequest(port: number, request: string, sentBefore: number): Promise<HeldRequest> {
  const socket = net.connect({ host: '127.0.0.1', port });
  let text = '';
  let error: string | undefined;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (text += chunk));
  socket.on('error', (failure: NodeJS.ErrnoException) => (error = failure.code ?? failure.message));
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const bytes = Buffer.from(request);
  if (sentBefore > 0) socket.write(bytes.subarray(0, sentBefore));
  return {
    async finish() {
      if (!socket.destroyed) socket.write(bytes.subarray(sentBefore));
      await ended;
      const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
      return { status: match ? Number(match[1]) : null, ...(error ? { error } : {}), text };
    },
  };
}

/** A complete HTTP/1.1 request with a JSON body, closing the connection after the answer. */
export function rawJsonRequest(method: string, path: string, body: unknown): string {
  const json = JSON.stringify(body);
  return (
    `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\n` +
    `Accept: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`
  );
}

/** Resolves with true when a new TCP connection to the port is refused (nothing listens any more). */
export async function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}
