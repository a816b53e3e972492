import http from 'node:http';
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { refusedLiteralHost } from './endpoint-policy.ts';
import type { PushDelivery } from './notifier.ts';
import { publicOnlyLookup, REFUSED_ADDRESS } from './public-lookup.ts';
import { nextDelayMs, verdictFor, type PushAnswer, type RetryPolicy } from './retry-policy.ts';

export interface PushRequest {
  method: 'PUT' | 'POST';
  headers: Record<string, string | number>;
  body: Buffer | string | null;
}

/**
 * The one HTTP client of both push transports. Connections are kept alive and reused: a new TCP (and TLS)
 * connection per push would dominate the cost of creating a call. Every request has a timeout covering
 * the whole exchange, and 429/5xx/unreachable answers are retried as `RetryPolicy` says.
 * Unless `allowPrivate`, it never connects to an address the endpoint policy refuses (loopback, private,
 * link-local, …): an IP in the URL is checked before sending, a name when the agents resolve it. Such a
 * push ends `failed` with `last: 'refused-address'`, without retries.
 */
export class PushHttpClient {
  private readonly agents: { http: http.Agent; https: https.Agent };

  constructor(private readonly options: { timeoutMs: number; retry: RetryPolicy; allowPrivate?: boolean }) {
    const lookup = options.allowPrivate ? {} : { lookup: publicOnlyLookup() };
    this.agents = {
      http: new http.Agent({ keepAlive: true, maxSockets: 256, ...lookup }),
      https: new https.Agent({ keepAlive: true, maxSockets: 256, ...lookup }),
    };
  }

  /** Sends until delivered, gone, out of attempts, or past `giveUpAtMs`. Never rejects. */
  async deliver(endpoint: string, request: PushRequest, giveUpAtMs: number): Promise<PushDelivery> {
    const url = new URL(endpoint);
    for (let attempts = 1; ; attempts++) {
      const answer = await this.send(url, request);
      const last = 'status' in answer ? String(answer.status) : answer.error;
      const delay = nextDelayMs(attempts, answer, this.options.retry, Date.now(), giveUpAtMs);
      if (delay === null) {
        const verdict = verdictFor(answer);
        return { outcome: verdict === 'retry' ? 'failed' : verdict, attempts, last };
      }
      await sleep(delay);
    }
  }

  private send(url: URL, request: PushRequest): Promise<PushAnswer> {
    const secure = url.protocol === 'https:';
    const headers: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
    headers['content-length'] = request.body === null ? 0 : Buffer.byteLength(request.body);
    // Sockets skip the agent's lookup for an IP in the URL: that case is checked here.
    if (!this.options.allowPrivate && refusedLiteralHost(url.hostname))
      return Promise.resolve({ error: 'refused-address' });
    return new Promise((resolve) => {
      const outgoing = (secure ? https : http).request(
        url,
        { method: request.method, agent: secure ? this.agents.https : this.agents.http, headers },
        (response) => {
          response.resume(); // drain, so the socket goes back to the pool
          response.on('end', () => {
            clearTimeout(timer);
            resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'] });
          });
        },
      );
      const timer = setTimeout(() => {
        resolve({ error: 'timeout' });
        outgoing.destroy();
      }, this.options.timeoutMs);
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        resolve({ error: error.code === REFUSED_ADDRESS ? 'refused-address' : 'network' });
      });
      outgoing.end(request.body ?? undefined);
    });
  }

  /** Closes pooled connections; call after the pushes in flight have settled. */
  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}
