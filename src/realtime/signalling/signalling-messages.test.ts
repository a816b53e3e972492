import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSignalData, parseSignallingClientMessage, parseSignallingServerMessage } from './signalling-messages.ts';
import { parseUserEventsClientMessage, parseUserEventsServerMessage } from '../user-events/user-event-messages.ts';

void describe('signalling frames', () => {
  void it('reads join, signal and bye, and keeps signal data as sent', () => {
    assert.deepEqual(parseSignallingClientMessage('{"type":"join","token":"t"}'), {
      ok: true,
      message: { type: 'join', token: 't' },
    });
    assert.deepEqual(parseSignallingClientMessage('{"type":"bye"}'), { ok: true, message: { type: 'bye' } });
    const data = {
      candidate: {
        candidate: 'candidate:1 1 udp 1 192.0.2.1 1 typ host',
        sdpMid: '0',
        sdpMLineIndex: 0,
        usernameFragment: null,
      },
    };
    assert.deepEqual(parseSignallingClientMessage(JSON.stringify({ type: 'signal', data })), {
      ok: true,
      message: { type: 'signal', data },
    });
  });

  void it('tells a frame that is not JSON from one that is merely wrong', () => {
    assert.deepEqual(parseSignallingClientMessage('{oops'), { ok: false, notJson: true });
    for (const raw of [
      '[]',
      '"join"',
      '{"type":"join"}',
      '{"type":"join","token":""}',
      '{"type":"signal"}',
      '{"type":"x"}',
    ]) {
      assert.deepEqual(parseSignallingClientMessage(raw), { ok: false, notJson: false }, raw);
    }
  });

  void it('signal data is one description or one candidate (null ends candidates)', () => {
    for (const good of [
      { description: { type: 'offer', sdp: 'v=0' } },
      { description: { type: 'rollback' } },
      { candidate: null },
      { candidate: {} },
    ]) {
      assert.equal(isSignalData(good), true, JSON.stringify(good));
    }
    for (const bad of [
      {},
      { description: { type: 'offer', sdp: 1 } },
      { description: { type: 'hello' } },
      { candidate: { sdpMLineIndex: -1 } },
      { candidate: null, description: { type: 'offer' } },
      { candidate: 'x' },
      null,
      [],
    ]) {
      assert.equal(isSignalData(bad), false, JSON.stringify(bad));
    }
  });

  void it('the browser reads what the server sends and drops the rest', () => {
    assert.deepEqual(
      parseSignallingServerMessage('{"type":"joined","role":"callee","peerPresent":true,"iceServers":[]}'),
      { type: 'joined', role: 'callee', peerPresent: true, iceServers: [] },
    );
    assert.deepEqual(parseSignallingServerMessage('{"type":"peer-left","role":"caller","reason":"bye"}'), {
      type: 'peer-left',
      role: 'caller',
      reason: 'bye',
    });
    assert.deepEqual(parseSignallingServerMessage('{"type":"error","reason":"replaced"}'), {
      type: 'error',
      reason: 'replaced',
    });
    for (const raw of [
      '{"type":"joined","role":"x","peerPresent":true,"iceServers":[]}',
      '{"type":"error","reason":"nope"}',
      'nope',
      '{"type":"peer-left","role":"caller"}',
    ]) {
      assert.equal(parseSignallingServerMessage(raw), null, raw);
    }
  });
});

void describe('room signalling frames', () => {
  const offer = { description: { type: 'offer', sdp: 'v=0' } };

  void it('a room client addresses each signal to one peer by pid', () => {
    assert.deepEqual(parseSignallingClientMessage(JSON.stringify({ type: 'signal', to: 'p2', data: offer })), {
      ok: true,
      message: { type: 'signal', data: offer, to: 'p2' },
    });
    for (const to of ['', 7, null, ['p2']])
      assert.deepEqual(
        parseSignallingClientMessage(JSON.stringify({ type: 'signal', to, data: offer })),
        { ok: false, notJson: false },
        JSON.stringify(to),
      );
  });

  void it('the browser reads room-joined, participant-joined, participant-left and signals from a pid', () => {
    const joined = {
      type: 'room-joined',
      pid: 'p1',
      role: 'moderator',
      peers: [{ pid: 'p2', name: 'Ben' }],
      iceServers: [{ urls: ['stun:stun.example:3478'] }],
    };
    assert.deepEqual(parseSignallingServerMessage(JSON.stringify(joined)), joined);
    assert.deepEqual(parseSignallingServerMessage('{"type":"participant-joined","pid":"p3","name":""}'), {
      type: 'participant-joined',
      pid: 'p3',
      name: '',
    });
    for (const reason of ['bye', 'disconnected', 'expired'])
      assert.deepEqual(parseSignallingServerMessage(JSON.stringify({ type: 'participant-left', pid: 'p3', reason })), {
        type: 'participant-left',
        pid: 'p3',
        reason,
      });
    assert.deepEqual(parseSignallingServerMessage(JSON.stringify({ type: 'signal', from: 'p2', data: offer })), {
      type: 'signal',
      from: 'p2',
      data: offer,
    });
    assert.deepEqual(parseSignallingServerMessage('{"type":"error","reason":"expired"}'), {
      type: 'error',
      reason: 'expired',
    });
  });

  void it('drops malformed room frames', () => {
    for (const frame of [
      { type: 'room-joined', pid: 'p1', role: 'caller', peers: [], iceServers: [] },
      { type: 'room-joined', pid: '', role: 'publisher', peers: [], iceServers: [] },
      { type: 'room-joined', pid: 'p1', role: 'publisher', peers: [{ pid: 'p2' }], iceServers: [] },
      { type: 'room-joined', pid: 'p1', role: 'publisher', peers: [] },
      { type: 'participant-joined', pid: 'p3' },
      { type: 'participant-left', pid: 'p3', reason: 'gone' },
      { type: 'signal', from: '', data: offer },
      { type: 'signal', from: 'p2', data: {} },
    ])
      assert.equal(parseSignallingServerMessage(JSON.stringify(frame)), null, JSON.stringify(frame));
  });
});

void describe('user events frames', () => {
  void it('reads hello and ping; anything else is refused', () => {
    assert.deepEqual(parseUserEventsClientMessage('{"type":"hello","ticket":"a.b"}'), {
      ok: true,
      message: { type: 'hello', ticket: 'a.b' },
    });
    assert.deepEqual(parseUserEventsClientMessage('{"type":"ping"}'), { ok: true, message: { type: 'ping' } });
    assert.deepEqual(parseUserEventsClientMessage('{"type":"hello"}'), { ok: false, notJson: false });
    assert.deepEqual(parseUserEventsClientMessage('{'), { ok: false, notJson: true });
  });

  void it('the browser reads hello, incoming-call, call-ended, pong and errors', () => {
    const call = { callId: 'c', sessionToken: 's', websocketToken: 'w', callerId: 'Alice' };
    assert.deepEqual(parseUserEventsServerMessage(JSON.stringify({ type: 'hello', pending: [call] })), {
      type: 'hello',
      pending: [call],
    });
    assert.deepEqual(parseUserEventsServerMessage(JSON.stringify({ type: 'incoming-call', call })), {
      type: 'incoming-call',
      call,
    });
    assert.deepEqual(parseUserEventsServerMessage('{"type":"call-ended","callId":"c","reason":"cancel"}'), {
      type: 'call-ended',
      callId: 'c',
      reason: 'cancel',
    });
    assert.deepEqual(parseUserEventsServerMessage('{"type":"error","reason":"invalid-ticket"}'), {
      type: 'error',
      reason: 'invalid-ticket',
    });
    assert.equal(parseUserEventsServerMessage('{"type":"incoming-call","call":{"callId":"c"}}'), null);
  });
});
