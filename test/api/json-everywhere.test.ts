/**
 * Every error is Loop JSON `{code, errno, error, message}`, also those Fastify and Node answer before any
 * route runs: a path parameter over the router's limit, a bad percent-encoding, HTTP/1.1 without Host, a
 * websocket path without Upgrade, oversized headers, a broken request line, `..` out of /assets/, a CORS
 * preflight without its method. Sent over real sockets, raw where fetch() would refuse or fix the request.
 * None of the bodies echoes the request.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rawRequest, type RawResponse } from '../helpers/raw-http.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const ORIGIN = 'https://app.example';

function assertLoopJson(response: RawResponse, status: number, mustNotEcho?: string): Record<string, unknown> {
  assert.equal(response.status, status, response.raw);
  assert.match(response.headers['content-type'] ?? '', /^application\/json/, response.raw);
  const body = JSON.parse(response.body) as Record<string, unknown>;
  assert.deepEqual(Object.keys(body).sort(), ['code', 'errno', 'error', 'message'], response.body);
  assert.equal(body.code, status);
  assert.equal(typeof body.errno, 'number');
  assert.equal(typeof body.error, 'string');
  assert.equal(typeof body.message, 'string');
  if (mustNotEcho) assert.ok(!response.body.includes(mustNotEcho), `the body echoes the request: ${response.body}`);
  return body;
}

const get = (path: string, headers: Record<string, string> = {}) =>
  `GET ${path} HTTP/1.1\r\nHost: localhost\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}Connection: close\r\n\r\n`;

void describe('errors the router and the HTTP parser answer are Loop JSON', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: { LOOP_ALLOWED_ORIGINS: ORIGIN } });
  });
  after(() => server.close());

  void it('a path parameter over 100 characters: 414, the path not echoed', async () => {
    const long = 'a'.repeat(150);
    for (const path of [`/calls/${long}`, `/v0/calls/${long}`]) {
      const body = assertLoopJson(await rawRequest(server.url, get(path)), 414, long);
      assert.equal(body.errno, 999);
    }
  });

  void it('a bad percent-encoding: 400, the path not echoed', async () => {
    const body = assertLoopJson(await rawRequest(server.url, get('/calls/%zzsecret')), 400, 'zzsecret');
    assert.equal(body.errno, 999);
  });

  void it('HTTP/1.1 without Host: 400', async () => {
    assertLoopJson(await rawRequest(server.url, 'GET /calls/abc HTTP/1.1\r\nConnection: close\r\n\r\n'), 400);
  });

  for (const path of ['/websocket', '/signalling', '/events']) {
    void it(`GET ${path} without Upgrade: 426 naming the websocket upgrade`, async () => {
      const response = await rawRequest(server.url, get(path));
      assertLoopJson(response, 426);
      assert.equal(response.headers.upgrade, 'websocket');
    });
  }

  void it('oversized headers: 431', async () => {
    const response = await rawRequest(server.url, get('/', { 'x-big': 'b'.repeat(20_000) }));
    assertLoopJson(response, 431, 'bbbb');
  });

  void it('a malformed request line: 400', async () => {
    assertLoopJson(await rawRequest(server.url, 'HELLO WORLD\r\n\r\n'), 400);
    assertLoopJson(await rawRequest(server.url, 'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n'), 400);
  });

  void it('a path out of /assets/: 403 "Forbidden"', async () => {
    const body = assertLoopJson(await rawRequest(server.url, get('/assets/../package.json')), 403);
    assert.equal(body.error, 'Forbidden');
  });

  void it('a CORS preflight without Access-Control-Request-Method: 400', async () => {
    const response = await rawRequest(
      server.url,
      `OPTIONS /calls HTTP/1.1\r\nHost: localhost\r\nOrigin: ${ORIGIN}\r\nConnection: close\r\n\r\n`,
    );
    assertLoopJson(response, 400);
    const preflight = await fetch(`${server.url}/calls`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.status, 204, 'a real preflight still passes');
  });

  void it('the HTML link page stays HTML', async () => {
    const response = await fetch(`${server.url}/c/${'x'.repeat(20)}`, { headers: { accept: 'text/html' } });
    assert.equal(response.status, 404);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
  });
});
