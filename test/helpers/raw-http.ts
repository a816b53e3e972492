/**
 * Raw HTTP/1.1 over a TCP socket, for what fetch() will not send: no Host header, `..` in a path, broken
 * request lines, oversized headers. Resolves with the first response once its body is complete, or with
 * whatever arrived when the server closes the connection.
 */
import net from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The whole response as received, head included. */
  raw: string;
}

export function parseRawResponse(raw: string): RawResponse | null {
  const headEnd = raw.indexOf('\r\n\r\n');
  if (headEnd < 0) return null;
  const [statusLine = '', ...headerLines] = raw.slice(0, headEnd).split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? NaN);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = raw.slice(headEnd + 4);
  const length = headers['content-length'];
  if (length !== undefined && Buffer.byteLength(body) < Number(length)) return null;
  return { status, headers, body, raw };
}

export async function rawRequest(url: string, request: string, timeoutMs = 5000): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete response within ${timeoutMs} ms; got: ${JSON.stringify(received)}`));
    }, timeoutMs);
    const finish = (response: RawResponse | null) => {
      if (!response) return false;
      clearTimeout(timer);
      socket.destroy();
      resolve(response);
      return true;
    };
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const parsed = parseRawResponse(received);
      if (parsed && parsed.headers['content-length'] !== undefined) finish(parsed);
    });
    socket.on('close', () => {
      if (finish(parseRawResponse(received))) return;
      clearTimeout(timer);
      reject(new Error(`connection closed without a response; got: ${JSON.stringify(received)}`));
    });
    socket.on('error', () => {
      // 'close' follows and reports what arrived.
    });
    socket.write(request);
  });
}
