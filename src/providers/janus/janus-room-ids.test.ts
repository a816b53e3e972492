import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newRoomId, roomOf, roomSecret, sessionIdOf } from './janus-room-ids.ts';

const SECRET = '00112233445566778899aabbccddeeff';

void describe('Janus room ids', () => {
  void it('a session id carries the room and its size, and reads back', () => {
    const room = newRoomId();
    assert.ok(Number.isSafeInteger(room) && room > 0);
    assert.deepEqual(roomOf(sessionIdOf({ room, publishers: 6 })), { room, publishers: 6 });
  });

  void it('refuses session ids it did not make', () => {
    for (const id of ['loop_abc', 'janus_0_2', 'janus_12_0', 'janus_12', 'janus_99999999999999999_2', 'janus_1_2x'])
      assert.equal(roomOf(id), null, id);
  });

  void it('derives a stable room secret per room, different for each room and each Loop secret', () => {
    assert.equal(roomSecret(SECRET, 42), roomSecret(SECRET, 42));
    assert.notEqual(roomSecret(SECRET, 42), roomSecret(SECRET, 43));
    assert.notEqual(roomSecret(SECRET, 42), roomSecret('ffeeddccbbaa99887766554433221100', 42));
    assert.match(roomSecret(SECRET, 42), /^[0-9a-f]{32}$/);
  });
});
