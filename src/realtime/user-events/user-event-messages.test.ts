import assert from 'node:assert/strict';
import { test } from 'node:test';
import { USER_EVENTS } from '../../bus/user-events-bus.ts';
import { ROOM_EVENTS } from '../../rooms/room-event.ts';
import { encodeUserEventsMessage, parseUserEventsServerMessage } from './user-event-messages.ts';

await test('a "room-changed" frame round-trips for every room event', () => {
  for (const event of ROOM_EVENTS) {
    const frame = { type: 'room-changed', roomToken: 'QzBbvGmIZWU', event, version: 1700000000 } as const;
    assert.deepEqual(parseUserEventsServerMessage(encodeUserEventsMessage(frame)), frame);
  }
});

await test('a "room-changed" frame with an unknown event, no token or a text version is not a frame', () => {
  const valid = { type: 'room-changed', roomToken: 'QzBbvGmIZWU', event: 'join', version: 1 };
  for (const broken of [
    { ...valid, event: 'explode' },
    { ...valid, roomToken: undefined },
    { ...valid, version: '1' },
  ])
    assert.equal(parseUserEventsServerMessage(JSON.stringify(broken)), null, JSON.stringify(broken));
});

await test('only known fields cross: extra fields of a frame are dropped', () => {
  const raw = JSON.stringify({ type: 'room-changed', roomToken: 't', event: 'leave', version: 2, secret: 'x' });
  assert.deepEqual(parseUserEventsServerMessage(raw), {
    type: 'room-changed',
    roomToken: 't',
    event: 'leave',
    version: 2,
  });
});

await test('the bus carries a room change whole, and drops a malformed one', () => {
  const message = { kind: 'room-changed', roomToken: 't', event: 'expiry', version: 3 } as const;
  assert.deepEqual(USER_EVENTS.decode(USER_EVENTS.encode(message)), message);
  assert.deepEqual(USER_EVENTS.decode('{"kind":"incoming-call","callId":"c"}'), { kind: 'incoming-call', callId: 'c' });
  assert.equal(USER_EVENTS.decode('{"kind":"room-changed","roomToken":"t","event":"party","version":3}'), null);
  assert.equal(USER_EVENTS.decode('{"kind":"room-changed","event":"join","version":3}'), null);
});
