/**
 * Walks every operation of /openapi.json against a real server and checks every answer (successes and
 * errors) against what the document declares for its status. The last test fails when an operation was
 * not walked: a new route needs its step here.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { LoopClient, type RequestOptions } from '../../tools/loop-client.ts';
import type { OidcProvider } from '../fakes/oidc-provider.ts';
import { operationsOf, ResponseChecker, type OpenApiDocument } from '../helpers/openapi-responses.ts';
import { signInEnv, signInWithBearer, signInWithCodeFlow, startOidcProvider } from '../helpers/sign-in.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const CONTEXT = { value: 'c2VjcmV0', alg: 'AES-GCM', wrappedKey: 'a2V5' };

void describe('every documented operation answers as documented', () => {
  let oidc: OidcProvider;
  let server: TestServer;
  let checker: ResponseChecker;
  let document: OpenApiDocument;
  const walked = new Set<string>();
  const problems: string[] = [];

  /** One request; `operation` is the documented path it exercises ("post /calls/{token}"). */
  async function call<T>(
    client: LoopClient,
    operation: string,
    path: string,
    options: RequestOptions & { expect: number },
  ): Promise<T> {
    const [method = ''] = operation.split(' ');
    const response = await client.request<T>(method.toUpperCase(), path, options);
    assert.equal(response.status, options.expect, `${operation} ${path}: ${response.text.slice(0, 300)}`);
    walked.add(operation);
    const body = response.text === '' ? undefined : response.body;
    const problem = checker.check(operation, response.status, response.headers.get('content-type'), body);
    if (problem) problems.push(problem);
    return response.body;
  }

  before(async () => {
    oidc = await startOidcProvider();
    server = await startTestServer({ env: signInEnv(oidc) });
    document = (await (await fetch(`${server.url}/openapi.json`)).json()) as OpenApiDocument;
    checker = new ResponseChecker(document);
  });
  after(async () => {
    await server.close();
    await oidc.stop();
  });

  void it('service, pages and the document itself', async () => {
    const anyone = new LoopClient(server.url);
    await call(anyone, 'get /', '/', { expect: 200 });
    await call(anyone, 'get /__heartbeat__', '/__heartbeat__', { expect: 200 });
    await call(anyone, 'get /__lbheartbeat__', '/__lbheartbeat__', { expect: 200 });
    await call(anyone, 'get /push-server-config', '/push-server-config', { expect: 200 });
    await call(anyone, 'get /metrics', '/metrics', { expect: 200 });
    await call(anyone, 'get /openapi.json', '/openapi.json', { expect: 200 });
    await call(anyone, 'get /app', '/app', { expect: 302 });
    await call(anyone, 'get /app/', '/app/', { expect: 200 });
    await call(anyone, 'get /app/sw.js', '/app/sw.js', { expect: 200 });
    await call(anyone, 'get /c/{token}', '/c/aaaaaaaaaaa', { expect: 404 });
    await call(anyone, 'get /r/{token}', '/r/aaaaaaaaaaa', { expect: 404 });
  });

  void it('registration, links and calls, with their errors', async () => {
    const bob = new LoopClient(server.url);
    const registered = await bob.request('POST', '/registration', { hawk: false });
    bob.sessionToken = registered.headers.get('hawk-session-token');
    walked.add('post /registration');
    assert.equal(checker.check('post /registration', registered.status, null, undefined), null);
    await call(bob, 'post /registration', '/registration', {
      body: { simplePushURLs: { calls: 'not a url' } },
      expect: 400,
    });
    await call(new LoopClient(server.url), 'get /call-url', '/call-url', { hawk: false, expect: 401 });
    const link = await call<{ callToken: string }>(bob, 'post /call-url', '/call-url', {
      body: { callerId: 'Alice', issuer: 'Bob', subject: 'Hi' },
      expect: 200,
    });
    await call(bob, 'post /call-url', '/call-url', { body: {}, expect: 400 });
    await call(bob, 'get /call-url', '/call-url', { expect: 200 });
    await call(bob, 'put /call-url/{token}', `/call-url/${link.callToken}`, { body: { issuer: 'B' }, expect: 200 });
    await call(bob, 'get /calls/{token}', `/calls/${link.callToken}`, { expect: 200 });
    await call(bob, 'get /calls/{token}', '/calls/aaaaaaaaaaa', { expect: 404 });
    const alice = new LoopClient(server.url);
    const caller = await call<{ callId: string; websocketToken: string }>(
      alice,
      'post /calls/{token}',
      `/calls/${link.callToken}`,
      { body: { callType: 'audio-video' }, expect: 200 },
    );
    await call(alice, 'post /calls/{token}', `/calls/${link.callToken}`, { body: { callType: 'x' }, expect: 400 });
    await call(bob, 'get /calls', '/calls?version=0', { expect: 200 });
    await call(bob, 'get /calls', '/calls', { expect: 400 });
    await call(alice, 'post /calls/id/{callId}/cancel', `/calls/id/${caller.callId}/cancel`, {
      body: { websocketToken: caller.websocketToken },
      expect: 204,
    });
    await call(alice, 'post /calls/id/{callId}/cancel', `/calls/id/${'0'.repeat(32)}/cancel`, {
      body: { websocketToken: caller.websocketToken },
      expect: 404,
    });
    await call(bob, 'post /calls', '/calls', { body: { calleeId: 'x@example.com', callType: 'audio' }, expect: 403 });
    await call(bob, 'delete /call-url/{token}', `/call-url/${link.callToken}`, { expect: 204 });
    await call(new LoopClient(server.url), 'post /event', '/event', { body: {}, hawk: false, expect: 400 });
    const event = { event: 'e', action: 'a', label: 'l' };
    await call(new LoopClient(server.url), 'post /event', '/event', { body: event, hawk: false, expect: 401 });
    await call(bob, 'post /event', '/event', { body: event, expect: 405 });
    await call(bob, 'post /events/ticket', '/events/ticket', { expect: 200 });
    await call(bob, 'delete /session', '/session', { expect: 403 });
    await call(bob, 'delete /registration', '/registration', { expect: 204 });
    await call(bob, 'delete /account', '/account', { expect: 204 });
  });

  void it('sign-in and direct calls', async () => {
    const carol = new LoopClient(server.url);
    const signedIn = await signInWithBearer(carol, await oidc.accessToken(oidc.addUser('carol@example.com')));
    assert.equal(signedIn.status, 200);
    const dave = new LoopClient(server.url);
    // Reachable: a device with a push URL (nothing listens there; the call does not wait for the push).
    await signInWithBearer(dave, await oidc.accessToken(oidc.addUser('dave@example.com')), {
      simplePushURLs: { calls: 'http://127.0.0.1:9/push' },
    });
    await call(carol, 'post /calls', '/calls', {
      body: { calleeId: 'dave@example.com', callType: 'audio' },
      expect: 200,
    });
    await call(carol, 'post /calls', '/calls', {
      body: { calleeId: 'nobody@example.com', callType: 'audio' },
      expect: 400,
    });
    const erin = new LoopClient(server.url);
    oidc.addUser('erin@example.com');
    const exchanged = await signInWithCodeFlow(erin, 'erin@example.com');
    assert.equal(exchanged.status, 200, exchanged.text);
    walked.add('post /fxa-oauth/params');
    assert.equal(
      checker.check('post /fxa-oauth/token', 200, exchanged.headers.get('content-type'), exchanged.body),
      null,
    );
    walked.add('post /fxa-oauth/token');
    await call(erin, 'post /fxa-oauth/params', '/fxa-oauth/params', { expect: 200 });
    await call(erin, 'post /fxa-oauth/token', '/fxa-oauth/token', { body: { code: 'x', state: 'y' }, expect: 400 });
    await call(erin, 'get /fxa-oauth/token', '/fxa-oauth/token', { expect: 200 });
    await call(carol, 'delete /session', '/session', { expect: 204 });
  });

  void it('rooms: owner, guest and participant', async () => {
    const owner = new LoopClient(server.url);
    await owner.register();
    const room = await call<{ roomToken: string }>(owner, 'post /rooms', '/rooms', {
      body: { context: CONTEXT, roomOwner: 'Alice', maxSize: 2 },
      expect: 201,
    });
    await call(owner, 'post /rooms', '/rooms', { body: { roomOwner: 'Alice' }, expect: 400 });
    const legacy = await call<{ roomToken: string }>(owner, 'post /rooms', '/rooms', {
      body: { roomName: 'Old', roomOwner: 'Alice', maxSize: 2 },
      expect: 201,
    });
    const guest = new LoopClient(server.url);
    await call(guest, 'get /rooms/{token}', `/rooms/${room.roomToken}`, { hawk: false, expect: 200 });
    const joined = await call<{ sessionToken: string }>(guest, 'post /rooms/{token}', `/rooms/${room.roomToken}`, {
      body: { action: 'join', displayName: 'Bob', clientMaxSize: 2 },
      hawk: false,
      expect: 200,
    });
    const basic = { authorization: `Basic ${Buffer.from(`${joined.sessionToken}:`).toString('base64')}` };
    const asGuest = { hawk: false, headers: basic };
    await call(guest, 'get /rooms/{token}', `/rooms/${room.roomToken}`, { ...asGuest, expect: 200 });
    await call(guest, 'post /rooms/{token}', `/rooms/${room.roomToken}`, {
      ...asGuest,
      body: { action: 'refresh' },
      expect: 200,
    });
    await call(guest, 'post /rooms/{token}', `/rooms/${room.roomToken}`, {
      ...asGuest,
      body: {
        action: 'status',
        event: 'Session.connectionCreated',
        state: 'init',
        connections: 1,
        sendStreams: 0,
        recvStreams: 0,
      },
      expect: 204,
    });
    await call(guest, 'post /rooms/{token}', `/rooms/${room.roomToken}`, { ...asGuest, body: {}, expect: 400 });
    await call(guest, 'post /rooms/{token}', `/rooms/${room.roomToken}`, {
      ...asGuest,
      body: { action: 'leave' },
      expect: 204,
    });
    await call(guest, 'post /rooms/{token}', '/rooms/aaaaaaaaaaa', {
      hawk: false,
      body: { action: 'join' },
      expect: 404,
    });
    await call(owner, 'get /rooms/{token}', `/rooms/${room.roomToken}`, { expect: 200 });
    await call(owner, 'patch /rooms/{token}', `/rooms/${room.roomToken}`, { body: { roomOwner: 'A.' }, expect: 200 });
    await call(guest, 'patch /rooms/{token}', `/rooms/${room.roomToken}`, {
      body: { roomOwner: 'X' },
      hawk: false,
      expect: 401,
    });
    await call(owner, 'delete /rooms/{token}', `/rooms/${legacy.roomToken}`, { expect: 204 });
    await call(owner, 'get /rooms', '/rooms?version=0', { expect: 200 });
    await call(owner, 'patch /rooms', '/rooms', {
      body: { deleteRoomTokens: [room.roomToken, 'aaaaaaaaaaa'] },
      expect: 207,
    });
    await call(owner, 'patch /rooms', '/rooms', { body: { deleteRoomTokens: ['aaaaaaaaaaa'] }, expect: 404 });
    await call(owner, 'delete /rooms/{token}', `/rooms/${room.roomToken}`, { expect: 404 });
  });

  void it('the websockets upgrade', async () => {
    for (const path of ['/websocket', '/signalling', '/events']) {
      const socket = new WebSocket(`${server.url.replace('http', 'ws')}${path}`);
      const status = await new Promise<number>((resolve, reject) => {
        socket.once('upgrade', (response) => resolve(response.statusCode ?? 0));
        socket.once('error', reject);
      });
      socket.close();
      assert.equal(status, 101);
      const responses = document.paths[path]?.get?.responses ?? {};
      assert.ok('101' in responses, `${path}: 101 documented`);
      walked.add(`get ${path}`);
    }
  });

  void it('matched the document, and left no operation out', () => {
    assert.deepEqual(problems, []);
    assert.deepEqual(
      operationsOf(document).filter((operation) => !walked.has(operation)),
      [],
      'documented operations this walk did not call: add a step',
    );
  });
});
