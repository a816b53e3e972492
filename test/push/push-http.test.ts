/**
 * The shared push HTTP client against local servers: connections are reused, a silent server times out,
 * retries stop at the message's TTL, and unless allowed, local addresses are not connected to.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { PushHttpClient } from '../../src/push/push-http.ts';

const FORM = {
  method: 'PUT' as const,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: 'version=1',
};
const LATER = () => Date.now() + 60_000;
/** The test server is on 127.0.0.1, an address refused unless allowed. */
const LOCAL = { allowPrivate: true };

void describe('PushHttpClient', () => {
  let server: http.Server;
  let url = '';
  let connections = 0;
  let statuses: number[] = [];
  const requests: string[] = [];

  before(async () => {
    server = http.createServer((request, response) => {
      requests.push(request.url ?? '');
      if (request.url === '/silent') return; // never answers
      request.resume();
      request.on('end', () => {
        response.statusCode = statuses.shift() ?? 200;
        response.end();
      });
    });
    server.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  void it('reuses one keep-alive connection for pushes in sequence', async () => {
    const client = new PushHttpClient({
      ...LOCAL,
      timeoutMs: 1000,
      retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
    });
    const before = connections;
    try {
      for (let i = 0; i < 5; i++) assert.equal((await client.deliver(`${url}/ok`, FORM, LATER())).outcome, 'delivered');
      assert.equal(connections - before, 1);
    } finally {
      client.close();
    }
  });

  void it('times out a server that never answers, and retries it as unreachable', async () => {
    const client = new PushHttpClient({
      ...LOCAL,
      timeoutMs: 50,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 10 },
    });
    const started = Date.now();
    try {
      assert.deepEqual(await client.deliver(`${url}/silent`, FORM, LATER()), {
        outcome: 'failed',
        attempts: 2,
        last: 'timeout',
      });
      assert.ok(Date.now() - started < 1000);
    } finally {
      client.close();
    }
  });

  void it('by default, refuses loopback by address and by name without retrying, and sends nothing', async () => {
    const client = new PushHttpClient({ timeoutMs: 1000, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 10 } });
    const before = { connections, requests: requests.length };
    try {
      const port = new URL(url).port;
      for (const endpoint of [
        `${url}/refused`,
        `http://localhost:${port}/refused`,
        `http://[::ffff:127.0.0.1]:${port}/refused`,
        `https://localhost:${port}/refused`,
      ]) {
        assert.deepEqual(
          await client.deliver(endpoint, FORM, LATER()),
          { outcome: 'failed', attempts: 1, last: 'refused-address' },
          endpoint,
        );
      }
      assert.deepEqual({ connections, requests: requests.length }, before);
    } finally {
      client.close();
    }
  });

  void it('stops retrying when the message would be past its TTL', async () => {
    const client = new PushHttpClient({
      ...LOCAL,
      timeoutMs: 1000,
      retry: { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 1000 },
    });
    statuses = [503, 503, 503];
    try {
      assert.deepEqual(await client.deliver(`${url}/busy`, FORM, Date.now() + 100), {
        outcome: 'failed',
        attempts: 1,
        last: '503',
      });
    } finally {
      statuses = [];
      client.close();
    }
  });
});
