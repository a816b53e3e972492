/**
 * What the vendor fakes share: a real HTTP server on 127.0.0.1 whose next answers a test can script
 * (fail with a status, or never answer), so retries and timeouts run over real sockets.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
export interface FakeAnswer {
  status: number;
  body?: unknown;
  contentType?: string;
}
type Handler = (request: FakeRequest) => Promise<FakeAnswer> | FakeAnswer;
type Scripted = { kind: 'status'; status: number } | { kind: 'hang' };

export class ScriptedHttpServer {
  readonly requests: FakeRequest[] = [];
  url = '';
  private readonly script: Scripted[] = [];
  protected readonly server: http.Server;

  constructor(handler: Handler) {
    this.server = http.createServer((incoming, response) => {
      let body = '';
      incoming.setEncoding('utf8');
      incoming.on('data', (chunk: string) => (body += chunk));
      incoming.on('end', () => {
        const request: FakeRequest = {
          method: incoming.method ?? '',
          path: incoming.url ?? '/',
          headers: incoming.headers,
          body,
        };
        this.requests.push(request);
        const scripted = this.script.shift();
        if (scripted?.kind === 'hang') return; // never answers; stop() cuts the socket
        if (scripted?.kind === 'status')
          return send(response, { status: scripted.status, body: { code: 'internal', msg: 'scripted failure' } });
        Promise.resolve(handler(request)).then(
          (answer) => send(response, answer),
          () => send(response, { status: 500, body: { msg: 'fake crashed' } }),
        );
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The next `count` requests get `status` (a 5xx the SDKs see as a server failure). */
  failNext(count: number, status = 500): void {
    for (let i = 0; i < count; i += 1) this.script.push({ kind: 'status', status });
  }

  /** The next `count` requests are never answered. */
  hangNext(count: number): void {
    for (let i = 0; i < count; i += 1) this.script.push({ kind: 'hang' });
  }

  requestsTo(path: string): FakeRequest[] {
    return this.requests.filter((request) => request.path.split('?')[0] === path);
  }

  reset(): void {
    this.requests.length = 0;
    this.script.length = 0;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function send(response: http.ServerResponse, answer: FakeAnswer): void {
  const text =
    answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  response.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json' });
  response.end(text);
}
