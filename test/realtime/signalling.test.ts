/**
 * The built-in provider's signalling websocket on one instance, over real sockets: joins, relays, leaves,
 * refusals and replacement, as docs/realtime.md describes them.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { signParticipantToken } from '../../src/providers/builtin/participant-token.ts';
import { turnCredential } from '../../src/providers/builtin/ice-servers.ts';
import { startLinkCall, type LinkCall } from '../helpers/calls.ts';
import { JsonSocket, settle } from '../helpers/json-socket.ts';
import { scrapedValue, waitForScrapedValue } from '../helpers/metrics.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const TURN_SECRET = 'test-turn-secret';
/** LOOP_WS_HELLO_TIMEOUT_SECONDS here: the time a socket has for its `join`. */
const JOIN_TIMEOUT_SECONDS = 1;
const offer = {
  description: {
    type: 'offer',
    sdp: `v=0\r\no=- ${'4'.repeat(19)} 2 IN IP4 127.0.0.1\r\ns=-\r\n${'a=x\r\n'.repeat(1500)}`,
  },
};
const answer = { description: { type: 'answer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n' } };
const candidate = {
  candidate: {
    candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host',
    sdpMid: '0',
    sdpMLineIndex: 0,
    usernameFragment: 'abcd',
  },
};

let server: TestServer;
const signallingUrl = () => `${server.url.replace('http:', 'ws:')}/signalling`;

async function join(token: string): Promise<{ socket: JsonSocket; joined: Record<string, unknown> }> {
  const socket = await JsonSocket.open(signallingUrl());
  socket.send({ type: 'join', token });
  return { socket, joined: await socket.next() };
}

/** Two peers of one call, joined: the caller first, then the callee. */
async function joinedPair(call: LinkCall) {
  const caller = await join(call.callerAnswer.sessionToken as string);
  const callee = await join(call.calleeItem.sessionToken as string);
  assert.deepEqual(await caller.socket.next(), { type: 'peer-joined', role: 'callee' });
  return { caller: caller.socket, callee: callee.socket };
}

const eventually = async (predicate: () => boolean, timeoutMs = 2000) => {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

void describe('signalling websocket (built-in provider)', () => {
  before(async () => {
    server = await startTestServer({
      env: {
        LOOP_STUN_URLS: 'stun:stun.loop.example:3478',
        LOOP_TURN_URLS: 'turn:turn.loop.example:3478?transport=udp,turns:turn.loop.example:5349',
        LOOP_TURN_SECRET: TURN_SECRET,
        LOOP_TURN_TTL: '600',
        LOOP_WS_HELLO_TIMEOUT_SECONDS: String(JOIN_TIMEOUT_SECONDS),
      },
    });
  });
  after(async () => server.close());

  void it('answers carry signallingURL and per-participant iceServers whose TURN credentials coturn accepts', async () => {
    const call = await startLinkCall(server.url);
    const now = Math.floor(Date.now() / 1000);
    const ids: string[] = [];
    for (const answered of [call.callerAnswer, call.calleeItem]) {
      assert.equal(answered.provider, 'builtin');
      assert.equal(answered.signallingURL, (answered.progressURL as string).replace(/\/websocket$/, '/signalling'));
      assert.match(answered.signallingURL as string, /^ws:\/\/.*\/signalling$/);
      const [stun, turn] = answered.iceServers as Array<{ urls: string[]; username?: string; credential?: string }>;
      assert.deepEqual(stun, { urls: ['stun:stun.loop.example:3478'] });
      assert.deepEqual(turn?.urls, ['turn:turn.loop.example:3478?transport=udp', 'turns:turn.loop.example:5349']);
      const [expiry, id] = (turn?.username ?? '').split(':');
      assert.ok(Math.abs(Number(expiry) - (now + 600)) <= 2, `expiry ${expiry} is about now + LOOP_TURN_TTL`);
      assert.match(id ?? '', /^[0-9a-f]{20}$/);
      assert.equal(turn?.credential, turnCredential(TURN_SECRET, turn?.username ?? ''));
      ids.push(id ?? '');
    }
    assert.notEqual(ids[0], ids[1], 'each participant has a TURN id of its own');
    assert.ok(!JSON.stringify(call.callerAnswer).includes(TURN_SECRET));
  });

  void it('relays offer, answer and candidates between the two peers, unchanged, and tells each about the other', async () => {
    const call = await startLinkCall(server.url);
    const caller = await join(call.callerAnswer.sessionToken as string);
    // The TURN username carries an expiry computed at join time: the answer's may be a second older.
    const withoutTurnExpiry = (servers: unknown) =>
      JSON.parse(
        JSON.stringify(servers)
          .replace(/"username":"\d+:/g, '"username":"<expiry>:')
          .replace(/"credential":"[^"]*"/g, '"credential":"<hmac>"'),
      ) as unknown;
    assert.deepEqual(
      { ...caller.joined, iceServers: withoutTurnExpiry(caller.joined.iceServers) },
      {
        type: 'joined',
        role: 'caller',
        peerPresent: false,
        iceServers: withoutTurnExpiry(call.callerAnswer.iceServers),
      },
    );
    const callee = await join(call.calleeItem.sessionToken as string);
    assert.equal(callee.joined.type, 'joined');
    assert.equal(callee.joined.role, 'callee');
    assert.equal(callee.joined.peerPresent, true);
    assert.deepEqual(await caller.socket.next(), { type: 'peer-joined', role: 'callee' });

    caller.socket.send({ type: 'signal', data: offer });
    assert.deepEqual(
      await callee.socket.next(),
      { type: 'signal', data: offer },
      'a large SDP offer goes through whole',
    );
    callee.socket.send({ type: 'signal', data: answer });
    assert.deepEqual(await caller.socket.next(), { type: 'signal', data: answer });
    callee.socket.send({ type: 'signal', data: candidate });
    caller.socket.send({ type: 'signal', data: candidate });
    caller.socket.send({ type: 'signal', data: { candidate: null } });
    assert.deepEqual(await caller.socket.next(), { type: 'signal', data: candidate });
    assert.deepEqual(await callee.socket.next(), { type: 'signal', data: candidate });
    assert.deepEqual(await callee.socket.next(), { type: 'signal', data: { candidate: null } });

    callee.socket.send({ type: 'bye' });
    assert.deepEqual(await caller.socket.next(), { type: 'peer-left', role: 'callee', reason: 'bye' });
    assert.equal((await callee.socket.waitClosed()).code, 1000);
    caller.socket.send({ type: 'signal', data: candidate });
    assert.deepEqual(await caller.socket.next(), { type: 'error', reason: 'no-peer' }, 'after bye there is no peer');
    caller.socket.close();
    await eventually(() => server.deps.eventBus.channelCount() === 0);
  });

  void it('a signal without a peer is refused with no-peer and the socket stays open', async () => {
    const call = await startLinkCall(server.url);
    const { socket } = await join(call.callerAnswer.sessionToken as string);
    socket.send({ type: 'signal', data: offer });
    assert.deepEqual(await socket.next(), { type: 'error', reason: 'no-peer' });
    // Still open: the callee joins and the caller hears of it.
    const callee = await join(call.calleeItem.sessionToken as string);
    assert.equal(callee.joined.peerPresent, true);
    assert.deepEqual(await socket.next(), { type: 'peer-joined', role: 'callee' });
    socket.close();
    callee.socket.close();
  });

  void it('a peer whose socket drops is announced as disconnected; rejoining announces it again', async () => {
    const call = await startLinkCall(server.url);
    const { caller, callee } = await joinedPair(call);
    caller.terminate();
    assert.deepEqual(await callee.next(), { type: 'peer-left', role: 'caller', reason: 'disconnected' });
    const again = await join(call.callerAnswer.sessionToken as string);
    assert.equal(again.joined.peerPresent, true);
    assert.deepEqual(await callee.next(), { type: 'peer-joined', role: 'caller' });
    again.socket.close();
    callee.close();
  });

  void it('a second connection with a role already present replaces the first (the latest device wins)', async () => {
    const call = await startLinkCall(server.url);
    const { caller, callee: first } = await joinedPair(call);
    const second = await join(call.calleeItem.sessionToken as string);
    assert.equal(second.joined.peerPresent, true);
    assert.deepEqual(await first.next(), { type: 'error', reason: 'replaced' });
    assert.equal((await first.waitClosed()).code, 4409);
    assert.deepEqual(
      await caller.next(),
      { type: 'peer-joined', role: 'callee' },
      'a new peer connection: negotiate again',
    );
    caller.send({ type: 'signal', data: offer });
    assert.deepEqual(await second.socket.next(), { type: 'signal', data: offer });
    await settle();
    assert.deepEqual(caller.unread, [], 'the replaced connection leaves without a peer-left');
    caller.close();
    second.socket.close();
  });

  void it('refuses tokens that are not valid built-in participant tokens: 4401 invalid-token', async () => {
    const secret = server.deps.secrets.builtinProviderSecret;
    const now = Math.floor(Date.now() / 1000);
    const genuine = signParticipantToken(secret, { sid: 'loop_x', role: 'caller', exp: now + 60 });
    const [payload] = genuine.split('.');
    const tokens = {
      garbage: 'not-a-token',
      expired: signParticipantToken(secret, { sid: 'loop_x', role: 'caller', exp: now - 1 }),
      foreign: signParticipantToken(randomBytes(32).toString('hex'), { sid: 'loop_x', role: 'caller', exp: now + 60 }),
      tampered: `${Buffer.from(JSON.stringify({ sid: 'loop_x', role: 'callee', exp: now + 60 })).toString('base64url')}.${genuine.split('.')[1]}`,
      websocketToken: (await startLinkCall(server.url)).callerToken,
    };
    assert.ok(payload);
    for (const [name, token] of Object.entries(tokens)) {
      const { socket, joined } = await join(token);
      assert.deepEqual(joined, { type: 'error', reason: 'invalid-token' }, name);
      assert.equal((await socket.waitClosed()).code, 4401, name);
    }
  });

  void it('malformed frames: bad-message; a frame that is not JSON (or no join first) also closes the socket', async () => {
    const first = await JsonSocket.open(signallingUrl());
    first.send({ type: 'signal', data: candidate });
    assert.deepEqual(await first.next(), { type: 'error', reason: 'bad-message' });
    assert.equal((await first.waitClosed()).code, 4400);

    const call = await startLinkCall(server.url);
    const { socket } = await join(call.callerAnswer.sessionToken as string);
    for (const frame of [
      { type: 'dance' },
      { type: 'signal', data: { sdp: 'x' } },
      { type: 'signal', data: { description: { type: 'nope' } } },
      { type: 'signal', data: { candidate: null, description: answer.description } },
      [1, 2],
      { type: 'join', token: call.callerAnswer.sessionToken },
    ]) {
      socket.send(frame);
      assert.deepEqual(await socket.next(), { type: 'error', reason: 'bad-message' }, JSON.stringify(frame));
    }
    socket.send('{not json');
    assert.deepEqual(await socket.next(), { type: 'error', reason: 'bad-message' });
    assert.equal((await socket.waitClosed()).code, 4400);
  });

  void it('closes a socket that does not join within LOOP_WS_HELLO_TIMEOUT_SECONDS: timeout, 4408', async () => {
    const socket = await JsonSocket.open(signallingUrl());
    assert.deepEqual(await socket.next(JOIN_TIMEOUT_SECONDS * 5000), { type: 'error', reason: 'timeout' });
    assert.equal((await socket.waitClosed()).code, 4408);
  });

  void it('/metrics shows the open signalling sockets and counts the signals relayed, not the refused ones', async () => {
    const sockets = () => scrapedValue(server.url, 'loop_signalling_sockets');
    const relayed = () => scrapedValue(server.url, 'loop_signalling_frames_relayed_total');
    // Sockets of earlier tests may still be closing: start from none open.
    await waitForScrapedValue(server.url, 'loop_signalling_sockets', 0);
    const relayedBefore = await relayed();
    const call = await startLinkCall(server.url);
    const lone = await join(call.callerAnswer.sessionToken as string);
    lone.socket.send({ type: 'signal', data: offer });
    assert.deepEqual(await lone.socket.next(), { type: 'error', reason: 'no-peer' });
    assert.equal(await relayed(), relayedBefore, 'a signal without a peer is not relayed');
    lone.socket.close();
    await lone.socket.waitClosed();

    const { caller, callee } = await joinedPair(await startLinkCall(server.url));
    assert.equal(await sockets(), 2);
    caller.send({ type: 'signal', data: offer });
    assert.deepEqual(await callee.next(), { type: 'signal', data: offer });
    callee.send({ type: 'signal', data: answer });
    callee.send({ type: 'signal', data: candidate });
    assert.deepEqual(await caller.next(), { type: 'signal', data: answer });
    assert.deepEqual(await caller.next(), { type: 'signal', data: candidate });
    assert.equal(await relayed(), relayedBefore + 3);
    caller.close();
    callee.close();
    await Promise.all([caller.waitClosed(), callee.waitClosed()]);
    await waitForScrapedValue(server.url, 'loop_signalling_sockets', 0);
  });
});
