import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signClaims } from '../../crypto/signed-claims.ts';
import { isRoomClaims, signParticipantToken, verifyParticipantToken } from './participant-token.ts';

const SECRET = 'ab'.repeat(32);
const NOW = 1_800_000_000;

void describe('built-in participant tokens', () => {
  void it('a call token keeps its two-party claims', () => {
    const token = signParticipantToken(SECRET, { sid: 'loop_s', role: 'caller', exp: NOW + 60 });
    const claims = verifyParticipantToken(SECRET, token, NOW);
    assert.deepEqual(claims, { sid: 'loop_s', role: 'caller', exp: NOW + 60 });
    assert.equal(claims && isRoomClaims(claims), false);
  });

  void it('a room token carries the participation id and display name', () => {
    const room = { sid: 'loop_r', role: 'moderator', pid: 'c0ffee', name: 'Ana', exp: NOW + 60 } as const;
    const claims = verifyParticipantToken(SECRET, signParticipantToken(SECRET, room), NOW);
    assert.deepEqual(claims, room);
    assert.equal(claims && isRoomClaims(claims), true);
  });

  void it('refuses expired tokens, unknown roles and room tokens without pid or name', () => {
    const refused = [
      { sid: 'loop_r', role: 'publisher', pid: 'p', name: 'Ana', exp: NOW },
      { sid: 'loop_r', role: 'admin', pid: 'p', name: 'Ana', exp: NOW + 60 },
      { sid: 'loop_r', role: 'publisher', pid: '', name: 'Ana', exp: NOW + 60 },
      { sid: 'loop_r', role: 'publisher', name: 'Ana', exp: NOW + 60 },
      { sid: 'loop_r', role: 'publisher', pid: 'p', exp: NOW + 60 },
      { role: 'caller', exp: NOW + 60 },
    ];
    for (const claims of refused)
      assert.equal(verifyParticipantToken(SECRET, signClaims(SECRET, claims), NOW), null, JSON.stringify(claims));
  });
});
