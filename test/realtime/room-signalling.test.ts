/**
 * The signalling relay with room tokens, on one instance, over real sockets: three peers of one room
 * session, announced to each other by pid and name; signals addressed to one peer; leaves (bye, a dropped
 * socket) and the participant expiry announced to all; a reloaded page replacing its connection.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { announceRoomParticipantGone } from '../../src/bus/signalling-bus.ts';
import { signParticipantToken } from '../../src/providers/builtin/participant-token.ts';
import { JsonSocket, settle } from '../helpers/json-socket.ts';
import { joinRoom, joinWithToken, peersOf, roomSessionId, roomToken } from '../helpers/room-peers.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const offer = { description: { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n' } };
const answer = { description: { type: 'answer', sdp: 'v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\ns=-\r\n' } };
const candidate = {
  candidate: { candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host', sdpMid: '0', sdpMLineIndex: 0 },
};

let server: TestServer;

/** Ana, Ben and Cleo in one room, joined in that order, each told of the later ones. */
async function threeInARoom() {
  const sid = roomSessionId();
  const ana = await joinRoom(server, sid, 'Ana');
  const ben = await joinRoom(server, sid, 'Ben');
  assert.deepEqual(await ana.socket.next(), { type: 'participant-joined', pid: ben.pid, name: 'Ben' });
  const cleo = await joinRoom(server, sid, 'Cleo');
  assert.deepEqual(await ana.socket.next(), { type: 'participant-joined', pid: cleo.pid, name: 'Cleo' });
  assert.deepEqual(await ben.socket.next(), { type: 'participant-joined', pid: cleo.pid, name: 'Cleo' });
  return { sid, ana, ben, cleo };
}

void describe('signalling websocket, room sessions (built-in provider)', () => {
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.close());

  void it('announces the peers present by pid and name, and each newcomer to the others', async () => {
    const sid = roomSessionId();
    const ana = await joinRoom(server, sid, 'Ana');
    assert.equal(ana.joined.type, 'room-joined');
    assert.equal(ana.joined.pid, ana.pid);
    assert.equal(ana.joined.role, 'publisher');
    assert.deepEqual(ana.joined.peers, []);
    assert.ok(Array.isArray(ana.joined.iceServers));
    const ben = await joinRoom(server, sid, 'Ben');
    assert.deepEqual(peersOf(ben.joined), [{ pid: ana.pid, name: 'Ana' }]);
    assert.deepEqual(await ana.socket.next(), { type: 'participant-joined', pid: ben.pid, name: 'Ben' });
    const cleo = await joinRoom(server, sid, 'Cleo');
    assert.deepEqual(peersOf(cleo.joined), [
      { pid: ana.pid, name: 'Ana' },
      { pid: ben.pid, name: 'Ben' },
    ]);
    assert.deepEqual(await ana.socket.next(), { type: 'participant-joined', pid: cleo.pid, name: 'Cleo' });
    assert.deepEqual(await ben.socket.next(), { type: 'participant-joined', pid: cleo.pid, name: 'Cleo' });
    // Another room's session hears nothing of this one.
    const elsewhere = await joinRoom(server, roomSessionId(), 'Dan');
    assert.deepEqual(elsewhere.joined.peers, []);
    await settle();
    assert.deepEqual([ana.socket.unread, ben.socket.unread, cleo.socket.unread], [[], [], []]);
    for (const peer of [ana, ben, cleo, elsewhere]) peer.socket.close();
  });

  void it('relays each signal to the one peer it names, from its sender', async () => {
    const { ana, ben, cleo } = await threeInARoom();
    ana.socket.send({ type: 'signal', to: ben.pid, data: offer });
    assert.deepEqual(await ben.socket.next(), { type: 'signal', from: ana.pid, data: offer });
    ben.socket.send({ type: 'signal', to: ana.pid, data: answer });
    assert.deepEqual(await ana.socket.next(), { type: 'signal', from: ben.pid, data: answer });
    cleo.socket.send({ type: 'signal', to: ana.pid, data: candidate });
    cleo.socket.send({ type: 'signal', to: ben.pid, data: { candidate: null } });
    assert.deepEqual(await ana.socket.next(), { type: 'signal', from: cleo.pid, data: candidate });
    assert.deepEqual(await ben.socket.next(), { type: 'signal', from: cleo.pid, data: { candidate: null } });
    await settle();
    assert.deepEqual([ana.socket.unread, ben.socket.unread, cleo.socket.unread], [[], [], []], 'nobody else');
    for (const peer of [ana, ben, cleo]) peer.socket.close();
  });

  void it('a signal to nobody present is no-peer; one without `to` is bad-message; the socket stays open', async () => {
    const sid = roomSessionId();
    const ana = await joinRoom(server, sid, 'Ana');
    ana.socket.send({ type: 'signal', to: 'somebody-else', data: offer });
    assert.deepEqual(await ana.socket.next(), { type: 'error', reason: 'no-peer' });
    ana.socket.send({ type: 'signal', data: offer });
    assert.deepEqual(await ana.socket.next(), { type: 'error', reason: 'bad-message' });
    ana.socket.send({ type: 'signal', to: '', data: offer });
    assert.deepEqual(await ana.socket.next(), { type: 'error', reason: 'bad-message' });
    const ben = await joinRoom(server, sid, 'Ben');
    assert.deepEqual(await ana.socket.next(), { type: 'participant-joined', pid: ben.pid, name: 'Ben' });
    ana.socket.send({ type: 'signal', to: ben.pid, data: offer });
    assert.deepEqual(await ben.socket.next(), { type: 'signal', from: ana.pid, data: offer });
    ana.socket.close();
    ben.socket.close();
  });

  void it('a frame sent right behind the join reaches its peer (the gate hands the socket over in time)', async () => {
    const sid = roomSessionId();
    const ana = await joinRoom(server, sid, 'Ana');
    const ben = roomToken(server, { sid, name: 'Ben' });
    const socket = await JsonSocket.open(`${server.url.replace('http:', 'ws:')}/signalling`);
    socket.send({ type: 'join', token: ben.token });
    socket.send({ type: 'signal', to: ana.pid, data: offer });
    assert.equal((await socket.next()).type, 'room-joined');
    assert.deepEqual(await ana.socket.next(), { type: 'participant-joined', pid: ben.pid, name: 'Ben' });
    assert.deepEqual(await ana.socket.next(), { type: 'signal', from: ben.pid, data: offer });
    ana.socket.close();
    socket.close();
  });

  void it('a bye and a dropped socket are announced to every other peer, with their reason', async () => {
    const { ana, ben, cleo } = await threeInARoom();
    ben.socket.send({ type: 'bye' });
    assert.equal((await ben.socket.waitClosed()).code, 1000);
    assert.deepEqual(await ana.socket.next(), { type: 'participant-left', pid: ben.pid, reason: 'bye' });
    assert.deepEqual(await cleo.socket.next(), { type: 'participant-left', pid: ben.pid, reason: 'bye' });
    cleo.socket.terminate();
    assert.deepEqual(await ana.socket.next(), { type: 'participant-left', pid: cleo.pid, reason: 'disconnected' });
    ana.socket.send({ type: 'signal', to: ben.pid, data: candidate });
    assert.deepEqual(await ana.socket.next(), { type: 'error', reason: 'no-peer' }, 'Ben is gone');
    ana.socket.close();
    await ana.socket.waitClosed();
    const deadline = Date.now() + 2000;
    while (server.deps.eventBus.channelCount() > 0 && Date.now() < deadline) await settle(20);
    assert.equal(server.deps.eventBus.channelCount(), 0, 'the session is released with its last peer');
  });

  void it("the participant expiry (a bus `leave`, reason expired) closes the expired peer's socket and tells the others", async () => {
    const { sid, ana, ben, cleo } = await threeInARoom();
    await announceRoomParticipantGone(server.deps.eventBus, sid, ben.pid);
    assert.deepEqual(await ben.socket.next(), { type: 'error', reason: 'expired' });
    assert.equal((await ben.socket.waitClosed()).code, 4410);
    assert.deepEqual(await ana.socket.next(), { type: 'participant-left', pid: ben.pid, reason: 'expired' });
    assert.deepEqual(await cleo.socket.next(), { type: 'participant-left', pid: ben.pid, reason: 'expired' });
    await settle();
    assert.deepEqual([ana.socket.unread, cleo.socket.unread], [[], []], 'no second leave for the closed socket');
    // An expiry for somebody not connected (a closed tab, already announced) changes nothing.
    await announceRoomParticipantGone(server.deps.eventBus, sid, ben.pid);
    await settle();
    assert.deepEqual([ana.socket.unread, cleo.socket.unread], [[], []]);
    ana.socket.close();
    cleo.socket.close();
  });

  void it('a reloaded page (same pid, new connection) replaces the old one; the others negotiate again', async () => {
    const { ana, ben, cleo } = await threeInARoom();
    const { socket, joined } = await joinWithToken(server, ben.token);
    assert.equal(joined.type, 'room-joined');
    assert.deepEqual(peersOf(joined), [
      { pid: ana.pid, name: 'Ana' },
      { pid: cleo.pid, name: 'Cleo' },
    ]);
    assert.deepEqual(await ben.socket.next(), { type: 'error', reason: 'replaced' });
    assert.equal((await ben.socket.waitClosed()).code, 4409);
    assert.deepEqual(await ana.socket.next(), { type: 'participant-joined', pid: ben.pid, name: 'Ben' });
    assert.deepEqual(await cleo.socket.next(), { type: 'participant-joined', pid: ben.pid, name: 'Ben' });
    ana.socket.send({ type: 'signal', to: ben.pid, data: offer });
    assert.deepEqual(await socket.next(), { type: 'signal', from: ana.pid, data: offer }, 'to the new connection');
    await settle();
    assert.deepEqual([ana.socket.unread, cleo.socket.unread], [[], []], 'no participant-left for the replaced one');
    for (const s of [ana.socket, cleo.socket, socket]) s.close();
  });

  void it('a room token and a call token of one session id do not meet (separate protocols)', async () => {
    const sid = roomSessionId();
    const ana = await joinRoom(server, sid, 'Ana');
    const callToken = signParticipantToken(server.deps.secrets.builtinProviderSecret, {
      sid,
      role: 'caller',
      exp: Math.floor(Date.now() / 1000) + 60,
    });
    const caller = await joinWithToken(server, callToken);
    assert.deepEqual(
      { type: caller.joined.type, peerPresent: caller.joined.peerPresent },
      {
        type: 'joined',
        peerPresent: false,
      },
    );
    await settle();
    assert.deepEqual(ana.socket.unread, []);
    ana.socket.close();
    caller.socket.close();
  });
});
