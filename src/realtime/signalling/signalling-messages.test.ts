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
