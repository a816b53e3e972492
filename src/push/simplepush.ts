import http from 'node:http';
import https from 'node:https';
import type { Notifier, PushMessage, PushOutcome } from './notifier.ts';

/**
 * SimplePush: `PUT version=<seconds>` (form body) to the endpoint. Connections are kept alive and reused:
 * a new TCP (and TLS) connection per push would dominate the cost of creating a call.
 */
export class SimplePushNotifier implements Notifier {
  readonly transport = 'simplepush';
  private readonly agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 256 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 256 }),
  };

  constructor(private readonly timeoutMs: number) {}

  notify(endpoint: string, message: PushMessage): Promise<PushOutcome> {
    const url = new URL(endpoint);
    const body = `version=${message.version}`;
    const transport = url.protocol === 'https:' ? https : http;
    const agent = url.protocol === 'https:' ? this.agents['https:'] : this.agents['http:'];
    return new Promise((resolve) => {
      const request = transport.request(
        url,
        {
          method: 'PUT', agent, timeout: this.timeoutMs,
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          response.resume(); // drain, so the socket goes back to the pool
          const status = response.statusCode ?? 0;
          resolve(status >= 200 && status < 300 ? 'delivered' : status === 404 || status === 410 ? 'gone' : 'failed');
        },
      );
      request.on('timeout', () => request.destroy(new Error('push timed out')));
      request.on('error', () => resolve('failed'));
      request.end(body);
    });
  }

  close(): void {
    this.agents['http:'].destroy();
    this.agents['https:'].destroy();
  }
}
