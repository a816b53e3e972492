import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  callEndedMessage,
  replaceKeyFor,
  replaceKeyForRoom,
  roomChangedMessage,
  wakeMessage,
} from './push-messages.ts';

const CALL_ID = '0123456789abcdef0123456789abcdef';

await test('the Topic of a call is 32 base64url characters, stable, distinct per call and not the call id', () => {
  const topic = replaceKeyFor(CALL_ID);
  assert.match(topic, /^[A-Za-z0-9_-]{32}$/);
  assert.equal(replaceKeyFor(CALL_ID), topic);
  assert.notEqual(replaceKeyFor(CALL_ID.replace('0', '1')), topic);
  assert.ok(!topic.includes(CALL_ID.slice(0, 6)));
});

await test('an incoming call rings: high urgency, the TTL given, its Topic, its details in the payload', () => {
  const message = wakeMessage(
    {
      topic: 'calls',
      version: 1700000000,
      reason: 'call.token',
      call: { callId: CALL_ID, callerName: 'Alice', callType: 'audio' },
    },
    30,
  );
  assert.deepEqual(message, {
    topic: 'calls',
    version: 1700000000,
    reason: 'call.token',
    ttlSec: 30,
    urgency: 'high',
    viaSimplePush: true,
    replaceKey: replaceKeyFor(CALL_ID),
    payload: {
      event: 'incoming-call',
      topic: 'calls',
      version: 1700000000,
      callId: CALL_ID,
      callerName: 'Alice',
      callType: 'audio',
    },
  });
});

await test('a long caller name is cut, keeping the payload small', () => {
  const message = wakeMessage(
    { topic: 'calls', version: 1, reason: 'call.token', call: { callId: CALL_ID, callerName: 'x'.repeat(1000) } },
    30,
  );
  assert.equal(message.payload.event === 'incoming-call' && message.payload.callerName.length, 128);
});

await test('news without a call is a normal-urgency "update" with no Topic', () => {
  const message = wakeMessage({ topic: 'rooms', version: 5, reason: 'rooms.join' }, 30);
  assert.equal(message.urgency, 'normal');
  assert.equal(message.replaceKey, undefined);
  assert.deepEqual(message.payload, { event: 'update', topic: 'rooms', version: 5, reason: 'rooms.join' });
});

await test('"call ended" replaces the incoming call (same Topic) and is not sent over SimplePush', () => {
  const message = callEndedMessage({ callId: CALL_ID, timestampSec: 1700000000 }, 'cancel', 30);
  assert.equal(message.replaceKey, replaceKeyFor(CALL_ID));
  assert.equal(message.viaSimplePush, false);
  assert.equal(message.urgency, 'high');
  assert.deepEqual(message.payload, {
    event: 'call-ended',
    topic: 'calls',
    version: 1700000000,
    callId: CALL_ID,
    reason: 'cancel',
  });
});

await test('a room change pings SimplePush and carries the room and event to Web Push, with a Topic per room', () => {
  const message = roomChangedMessage({ roomToken: 'QzBbvGmIZWU', event: 'expiry', version: 1700000001 }, 30);
  assert.deepEqual(message, {
    topic: 'rooms',
    version: 1700000001,
    reason: 'rooms.notifyowner.expiry',
    ttlSec: 30,
    urgency: 'normal',
    viaSimplePush: true,
    replaceKey: replaceKeyForRoom('QzBbvGmIZWU'),
    payload: { event: 'room-changed', topic: 'rooms', version: 1700000001, roomToken: 'QzBbvGmIZWU', change: 'expiry' },
  });
  assert.match(message.replaceKey ?? '', /^[A-Za-z0-9_-]{32}$/);
  assert.notEqual(replaceKeyForRoom('QzBbvGmIZWU'), replaceKeyForRoom('QzBbvGmIZWV'));
  assert.notEqual(replaceKeyForRoom('QzBbvGmIZWU'), replaceKeyFor('QzBbvGmIZWU'), 'a room never replaces a call');
});
