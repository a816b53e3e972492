import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newRoomId, roomOf, roomSecret, sessionIdOf } from './janus-room-ids.ts';

const SECRET = '00112233445566778899aabbccddeeff';

void describe('Janus room ids', () => {
  void it('a session id carries the room and its size, and reads back', () => {
    const room = newRoomId();
    assert.ok(Number.isSafeInteger(room) && room > 0);
    const ref = { room, publishers: 6, instance: 'default' };
    assert.equal(sessionIdOf(ref), `janus_${room}_6`, 'the default Janus: the form made before there were several');
    assert.deepEqual(roomOf(sessionIdOf(ref)), ref);
  });

  void it('with several Janus servers, the session id names the one holding the room', () => {
    const ref = { room: 42, publishers: 8, instance: 'eu-2' };
    assert.equal(sessionIdOf(ref), 'janus_42_8_eu-2');
    assert.deepEqual(roomOf('janus_42_8_eu-2'), ref);
  });

  void it('refuses session ids it did not make', () => {
    for (const id of [
      'loop_abc',
      'janus_0_2',
      'janus_12_0',
      'janus_12',
      'janus_99999999999999999_2',
      'janus_1_2x',
      'janus_1_2_',
      'janus_1_2_EU',
      'janus_1_2_default',
      `janus_1_2_${'a'.repeat(33)}`,
    ])
      assert.equal(roomOf(id), null, id);
  });

  void it('derives a stable room secret per room, different for each room and each Loop secret', () => {
    assert.equal(roomSecret(SECRET, 42), roomSecret(SECRET, 42));
    assert.notEqual(roomSecret(SECRET, 42), roomSecret(SECRET, 43));
    assert.notEqual(roomSecret(SECRET, 42), roomSecret('ffeeddccbbaa99887766554433221100', 42));
    assert.match(roomSecret(SECRET, 42), /^[0-9a-f]{32}$/);
  });
});
