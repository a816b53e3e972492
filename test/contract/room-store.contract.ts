/**
 * The rooms part of the store contract (`Store.rooms`), run by `runStoreContract` on every backend. Rooms and
 * participations expire by the store's clock: the tests move it, never sleep.
 *
 * Beyond the interface's comments, the suite pins down what the room use cases rely on:
 * - a participation is expired, and due, once the clock reaches its `expiresAt`; reads skip it at once, but it
 *   stays for `expireParticipant` to claim (a sweep does not take it), so its owner notification is sent exactly
 *   once even across instances and restarts; `removeParticipant` of an expired participation is false, so a
 *   leave and an expiry never both announce the same departure;
 * - the participant list's version never repeats while the room lives, moves on every add, remove and expiry,
 *   and not on a refresh (refreshes are the hot path: they must not make concurrent joins decide again).
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { nowSec } from '../../src/clock.ts';
import type { RoomParticipant, RoomRecord } from '../../src/rooms/room-record.ts';
import type { Store } from '../../src/storage/store.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { aParticipant, aRoom } from '../helpers/room-factories.ts';
import type { OpenStore, Spec, StoreContractOptions } from './store.contract.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

const byToken = <T extends { roomToken: string }>(list: T[]): T[] =>
  [...list].sort((a, b) => a.roomToken.localeCompare(b.roomToken));

async function joined(store: Store, participant: RoomParticipant): Promise<void> {
  const { version } = await store.rooms.listParticipants(participant.roomToken);
  assert.equal(await store.rooms.addParticipant(participant, version), 'added');
}

export function describeRooms(spec: Spec): void {
  spec('round-trips every field of a room with an encrypted context', async ({ store, clock }) => {
    const room = aRoom({}, clock);
    await store.rooms.create(room);
    assert.deepEqual(await store.rooms.get(room.roomToken), room);
  });

  spec('round-trips a legacy room: a clear roomName and no context', async ({ store, clock }) => {
    const room = aRoom({ roomName: 'Family “chat” ✓', context: null, maxSize: 2, expiresInHours: 1344 }, clock);
    await store.rooms.create(room);
    assert.deepEqual(await store.rooms.get(room.roomToken), room);
  });

  spec('reads an unknown room as null', async ({ store }) => {
    assert.equal(await store.rooms.get('noSuchRoom0'), null);
  });

  spec('reads a room as null once the clock reaches expiresAtSec', async ({ store, clock }) => {
    const room = aRoom({ user: 'alice', expiresAtSec: nowSec(clock) + 60 }, clock);
    await store.rooms.create(room);
    clock.advance(MINUTE - 1);
    assert.deepEqual(await store.rooms.get(room.roomToken), room);
    assert.deepEqual(await store.rooms.listForUser('alice'), [room]);
    clock.advance(1);
    assert.equal(await store.rooms.get(room.roomToken), null);
    assert.deepEqual(await store.rooms.listForUser('alice'), []);
  });

  spec("listForUser returns the user's live rooms by updateTimeSec, oldest first", async ({ store, clock }) => {
    const now = nowSec(clock);
    const at = (updateTimeSec: number, extra: Partial<RoomRecord> = {}) =>
      aRoom({ user: 'alice', creationTimeSec: now - 100, updateTimeSec, ...extra }, clock);
    const newest = at(now);
    const oldest = at(now - 50, { expiresAtSec: now + 10 * 3600 });
    const middle = at(now - 20, { expiresAtSec: now + 120 });
    const expired = at(now - 30, { expiresAtSec: now + 1 });
    const bobs = aRoom({ user: 'bob' }, clock);
    for (const room of [newest, oldest, middle, expired, bobs]) await store.rooms.create(room);
    clock.advance(SECOND);
    assert.deepEqual(await store.rooms.listForUser('alice'), [oldest, middle, newest]);
    assert.deepEqual(await store.rooms.listForUser('bob'), [bobs]);
    assert.deepEqual(await store.rooms.listForUser('nobody'), []);
  });

  spec('countForUser counts the live rooms listForUser returns', async ({ store, clock }) => {
    const now = nowSec(clock);
    const rooms = [
      aRoom({ user: 'alice' }, clock),
      aRoom({ user: 'alice', expiresAtSec: now + 1 }, clock),
      aRoom({ user: 'alice' }, clock),
      aRoom({ user: 'bob' }, clock),
    ];
    for (const room of rooms) await store.rooms.create(room);
    assert.equal(await store.rooms.countForUser('alice'), 3);
    clock.advance(SECOND); // the second one expires
    assert.equal(await store.rooms.countForUser('alice'), 2);
    await store.rooms.delete(rooms[0]!.roomToken, nowSec(clock), clock.now() + 60_000);
    assert.equal(await store.rooms.countForUser('alice'), 1);
    assert.equal(await store.rooms.countForUser('alice'), (await store.rooms.listForUser('alice')).length);
    assert.equal(await store.rooms.countForUser('bob'), 1);
    assert.equal(await store.rooms.countForUser('nobody'), 0);
  });

  spec(
    'create over an expired room with the same token starts it afresh, with nobody in it',
    async ({ store, clock }) => {
      const old = aRoom({ user: 'alice', expiresAtSec: nowSec(clock) + 60 }, clock);
      await store.rooms.create(old);
      await joined(store, aParticipant(old.roomToken, { expiresAt: clock.now() + 10 * MINUTE }, clock));
      clock.advance(2 * MINUTE);
      const fresh = aRoom({ roomToken: old.roomToken, user: 'bob' }, clock);
      await store.rooms.create(fresh);
      assert.deepEqual(await store.rooms.get(fresh.roomToken), fresh);
      assert.deepEqual(await store.rooms.listParticipants(fresh.roomToken), { participants: [], version: 0 });
      assert.deepEqual(await store.rooms.listForUser('alice'), []);
      assert.deepEqual(await store.rooms.listForUser('bob'), [fresh]);
    },
  );

  spec('update replaces a live room, its expiry included, and returns true', async ({ store, clock }) => {
    const room = aRoom({ user: 'alice', expiresAtSec: nowSec(clock) + 60 }, clock);
    await store.rooms.create(room);
    clock.advance(30 * SECOND);
    const patched: RoomRecord = {
      ...room,
      roomName: null,
      context: { value: 'new-ciphertext', alg: 'AES-GCM', wrappedKey: 'new-wrapped' },
      roomOwner: 'Alice',
      maxSize: 3,
      expiresInHours: 2,
      updateTimeSec: nowSec(clock),
      expiresAtSec: nowSec(clock) + 2 * 3600,
    };
    assert.equal(await store.rooms.update(patched), true);
    assert.deepEqual(await store.rooms.get(room.roomToken), patched);
    clock.advance(MINUTE);
    assert.deepEqual(await store.rooms.get(room.roomToken), patched, 'live past its old expiry');
    assert.deepEqual(await store.rooms.listForUser('alice'), [patched]);
  });

  spec('update of an unknown, expired or deleted room returns false and stores nothing', async ({ store, clock }) => {
    const unknown = aRoom({}, clock);
    assert.equal(await store.rooms.update(unknown), false);
    assert.equal(await store.rooms.get(unknown.roomToken), null);
    assert.deepEqual(await store.rooms.listForUser(unknown.user), []);

    const deleted = aRoom({}, clock);
    await store.rooms.create(deleted);
    await store.rooms.delete(deleted.roomToken, nowSec(clock), clock.now() + MINUTE);
    assert.equal(await store.rooms.update({ ...deleted, maxSize: 2 }), false);
    assert.equal(await store.rooms.get(deleted.roomToken), null);

    const expiring = aRoom({ expiresAtSec: nowSec(clock) + 60 }, clock);
    await store.rooms.create(expiring);
    clock.advance(MINUTE);
    const revived = { ...expiring, expiresAtSec: nowSec(clock) + 3600 };
    assert.equal(await store.rooms.update(revived), false);
    assert.equal(await store.rooms.get(expiring.roomToken), null);
  });

  spec('touch moves updateTimeSec and expiresAtSec of a live room and returns it', async ({ store, clock }) => {
    const room = aRoom({ user: 'alice', expiresAtSec: nowSec(clock) + 60 }, clock);
    const other = aRoom({ user: 'alice', updateTimeSec: nowSec(clock) }, clock);
    await store.rooms.create(room);
    await store.rooms.create(other);
    clock.advance(10 * SECOND);
    const expected: RoomRecord = { ...room, updateTimeSec: nowSec(clock), expiresAtSec: nowSec(clock) + 600 };
    assert.deepEqual(await store.rooms.touch(room.roomToken, expected.updateTimeSec, expected.expiresAtSec), expected);
    assert.deepEqual(await store.rooms.get(room.roomToken), expected);
    assert.deepEqual(await store.rooms.listForUser('alice'), [other, expected], 'the touched room is now the newest');
    clock.advance(MINUTE);
    assert.deepEqual(await store.rooms.get(room.roomToken), expected, 'live past its old expiry');
    assert.deepEqual(await store.rooms.listForUser('alice'), [other, expected]);
    clock.set(expected.expiresAtSec * SECOND);
    assert.equal(await store.rooms.get(room.roomToken), null, 'gone at its new expiry');
  });

  spec('touch of an unknown, expired or deleted room returns null and stores nothing', async ({ store, clock }) => {
    const later = () => nowSec(clock) + 3600;
    assert.equal(await store.rooms.touch('noSuchRoom0', nowSec(clock), later()), null);
    assert.equal(await store.rooms.get('noSuchRoom0'), null);

    const deleted = aRoom({}, clock);
    await store.rooms.create(deleted);
    await store.rooms.delete(deleted.roomToken, nowSec(clock), clock.now() + MINUTE);
    assert.equal(await store.rooms.touch(deleted.roomToken, nowSec(clock), later()), null);
    assert.equal(await store.rooms.get(deleted.roomToken), null);

    const expiring = aRoom({ expiresAtSec: nowSec(clock) + 60 }, clock);
    await store.rooms.create(expiring);
    clock.advance(MINUTE);
    assert.equal(await store.rooms.touch(expiring.roomToken, nowSec(clock), later()), null);
    assert.equal(await store.rooms.get(expiring.roomToken), null);
  });

  spec('delete returns the room, removes it and its participants, and marks it deleted', async ({ store, clock }) => {
    const room = aRoom({ user: 'alice' }, clock);
    const kept = aRoom({ user: 'alice' }, clock);
    await store.rooms.create(room);
    await store.rooms.create(kept);
    const guest = aParticipant(room.roomToken, { expiresAt: clock.now() + MINUTE }, clock);
    const stayer = aParticipant(kept.roomToken, { expiresAt: clock.now() + 2 * MINUTE }, clock);
    await joined(store, guest);
    await joined(store, stayer);

    const deletedAtSec = nowSec(clock);
    assert.deepEqual(await store.rooms.delete(room.roomToken, deletedAtSec, clock.now() + 10 * MINUTE), room);

    assert.equal(await store.rooms.get(room.roomToken), null);
    assert.deepEqual(await store.rooms.listForUser('alice'), [kept]);
    assert.deepEqual((await store.rooms.listParticipants(room.roomToken)).participants, []);
    assert.equal(await store.rooms.getParticipant(room.roomToken, guest.participantHmac), null);
    assert.equal(
      await store.rooms.refreshParticipant(room.roomToken, guest.participantHmac, clock.now() + MINUTE),
      false,
    );
    assert.equal(await store.rooms.addParticipant(aParticipant(room.roomToken, {}, clock), 0), 'gone');
    assert.deepEqual(await store.rooms.listDeletedForUser('alice', 0), [{ roomToken: room.roomToken, deletedAtSec }]);
    assert.equal(await store.rooms.nextParticipantDeadline(), stayer.expiresAt, "the deleted room's deadline is gone");
    clock.advance(3 * MINUTE);
    assert.deepEqual(
      await store.rooms.listDueParticipants(clock.now(), 10),
      [
        {
          roomToken: kept.roomToken,
          participantHmac: stayer.participantHmac,
          roomConnectionId: stayer.roomConnectionId,
        },
      ],
      'nothing of the deleted room falls due',
    );
    assert.equal(await store.rooms.expireParticipant(room.roomToken, guest.participantHmac, clock.now()), false);
  });

  spec(
    'delete of an unknown, already deleted or expired room returns null and marks nothing',
    async ({ store, clock }) => {
      const markerExpiresAt = clock.now() + 10 * MINUTE;
      assert.equal(await store.rooms.delete('noSuchRoom0', nowSec(clock), markerExpiresAt), null);

      const room = aRoom({ user: 'alice' }, clock);
      await store.rooms.create(room);
      const firstSec = nowSec(clock);
      assert.deepEqual(await store.rooms.delete(room.roomToken, firstSec, markerExpiresAt), room);
      clock.advance(5 * SECOND);
      assert.equal(await store.rooms.delete(room.roomToken, nowSec(clock), markerExpiresAt), null);

      const expiring = aRoom({ user: 'alice', expiresAtSec: nowSec(clock) + 60 }, clock);
      await store.rooms.create(expiring);
      clock.advance(MINUTE);
      assert.equal(await store.rooms.delete(expiring.roomToken, nowSec(clock), markerExpiresAt), null);

      assert.deepEqual(await store.rooms.listDeletedForUser('alice', 0), [
        { roomToken: room.roomToken, deletedAtSec: firstSec },
      ]);
    },
  );

  spec('of 10 concurrent deletes of one room, exactly one returns it', async ({ store, clock }) => {
    const room = aRoom({ user: 'alice' }, clock);
    await store.rooms.create(room);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => store.rooms.delete(room.roomToken, nowSec(clock), clock.now() + MINUTE)),
    );
    assert.deepEqual(
      results.filter((result) => result !== null),
      [room],
    );
    assert.equal((await store.rooms.listDeletedForUser('alice', 0)).length, 1);
  });

  spec(
    'listDeletedForUser lists markers with deletedAtSec >= sinceSec until each marker expires',
    async ({ store, clock }) => {
      const start = nowSec(clock);
      const first = aRoom({ user: 'alice' }, clock);
      const second = aRoom({ user: 'alice' }, clock);
      const bobs = aRoom({ user: 'bob' }, clock);
      for (const room of [first, second, bobs]) await store.rooms.create(room);
      await store.rooms.delete(first.roomToken, start, clock.now() + 5 * MINUTE);
      clock.advance(10 * SECOND);
      await store.rooms.delete(second.roomToken, start + 10, clock.now() + 27 * MINUTE);
      await store.rooms.delete(bobs.roomToken, start + 10, clock.now() + 27 * MINUTE);

      const both = [
        { roomToken: first.roomToken, deletedAtSec: start },
        { roomToken: second.roomToken, deletedAtSec: start + 10 },
      ];
      assert.deepEqual(byToken(await store.rooms.listDeletedForUser('alice', 0)), byToken(both));
      assert.deepEqual(
        byToken(await store.rooms.listDeletedForUser('alice', start)),
        byToken(both),
        'sinceSec is inclusive',
      );
      assert.deepEqual(await store.rooms.listDeletedForUser('alice', start + 1), [both[1]]);
      assert.deepEqual(await store.rooms.listDeletedForUser('alice', start + 11), []);
      assert.deepEqual(await store.rooms.listDeletedForUser('bob', 0), [
        { roomToken: bobs.roomToken, deletedAtSec: start + 10 },
      ]);
      assert.deepEqual(await store.rooms.listDeletedForUser('nobody', 0), []);

      clock.set((start + 5 * 60) * SECOND - 1);
      assert.deepEqual(byToken(await store.rooms.listDeletedForUser('alice', 0)), byToken(both));
      clock.advance(1);
      assert.deepEqual(await store.rooms.listDeletedForUser('alice', 0), [both[1]], 'the first marker expired');
      clock.advance(30 * MINUTE);
      assert.deepEqual(await store.rooms.listDeletedForUser('alice', 0), []);
    },
  );

  spec(
    "deleteForUser removes the user's rooms, their participants and markers, and no one else's",
    async ({ store, clock }) => {
      const alices = [aRoom({ user: 'alice' }, clock), aRoom({ user: 'alice' }, clock)];
      const gone = aRoom({ user: 'alice' }, clock);
      const bobs = aRoom({ user: 'bob' }, clock);
      const bobsGone = aRoom({ user: 'bob' }, clock);
      for (const room of [...alices, gone, bobs, bobsGone]) await store.rooms.create(room);
      const guest = aParticipant(alices[0]!.roomToken, {}, clock);
      const bobsGuest = aParticipant(bobs.roomToken, {}, clock);
      await joined(store, guest);
      await joined(store, bobsGuest);
      await store.rooms.delete(gone.roomToken, nowSec(clock), clock.now() + 10 * MINUTE);
      await store.rooms.delete(bobsGone.roomToken, nowSec(clock), clock.now() + 10 * MINUTE);

      await store.rooms.deleteForUser('alice');

      for (const room of alices) assert.equal(await store.rooms.get(room.roomToken), null);
      assert.deepEqual(await store.rooms.listForUser('alice'), []);
      assert.deepEqual(await store.rooms.listDeletedForUser('alice', 0), []);
      assert.equal(await store.rooms.getParticipant(guest.roomToken, guest.participantHmac), null);
      assert.deepEqual(await store.rooms.get(bobs.roomToken), bobs);
      assert.deepEqual(await store.rooms.listForUser('bob'), [bobs]);
      assert.deepEqual(await store.rooms.getParticipant(bobs.roomToken, bobsGuest.participantHmac), bobsGuest);
      assert.equal((await store.rooms.listDeletedForUser('bob', 0)).length, 1);
      assert.equal(await store.rooms.nextParticipantDeadline(), bobsGuest.expiresAt);
    },
  );

  spec('reassignUser moves every room of one owner to another, with its participants', async ({ store, clock }) => {
    const rooms = [aRoom({ user: 'anon-1' }, clock), aRoom({ user: 'anon-1', updateTimeSec: nowSec(clock) }, clock)];
    const others = aRoom({ user: 'carol' }, clock);
    const existing = aRoom({ user: 'alice', updateTimeSec: nowSec(clock) - 100 }, clock);
    for (const room of [...rooms, others, existing]) await store.rooms.create(room);
    const guest = aParticipant(rooms[0]!.roomToken, {}, clock);
    await joined(store, guest);
    // The owner in their own room: after the move they must still count as the owner present.
    const owner = aParticipant(rooms[0]!.roomToken, { user: 'anon-1' }, clock);
    await joined(store, owner);
    const before = await store.rooms.listParticipants(guest.roomToken);
    assert.equal(before.participants.length, 2);

    await store.rooms.reassignUser('anon-1', 'alice');

    const moved = rooms.map((room) => ({ ...room, user: 'alice' }));
    assert.deepEqual(await store.rooms.listForUser('alice'), [existing, ...moved]);
    assert.deepEqual(await store.rooms.listForUser('anon-1'), []);
    assert.deepEqual(await store.rooms.get(rooms[0]!.roomToken), moved[0]);
    assert.deepEqual(await store.rooms.listParticipants(guest.roomToken), {
      version: before.version,
      participants: before.participants.map((p) => (p.user === 'anon-1' ? { ...p, user: 'alice' } : p)),
    });
    assert.deepEqual(await store.rooms.listForUser('carol'), [others]);
    // The moved rooms are the new owner's to delete.
    assert.deepEqual(await store.rooms.delete(rooms[1]!.roomToken, nowSec(clock), clock.now() + MINUTE), moved[1]);
    assert.deepEqual(await store.rooms.listDeletedForUser('alice', 0), [
      { roomToken: rooms[1]!.roomToken, deletedAtSec: nowSec(clock) },
    ]);
  });

  spec('sweep deletes expired rooms and keeps live ones', async ({ store, clock }) => {
    const start = clock.now();
    const dead = aRoom({ user: 'alice', expiresAtSec: nowSec(clock) + 60 }, clock);
    const live = aRoom({ user: 'alice', expiresAtSec: nowSec(clock) + 600 }, clock);
    await store.rooms.create(dead);
    await store.rooms.create(live);
    clock.advance(MINUTE);
    await store.sweep();
    clock.set(start);
    assert.equal(await store.rooms.get(dead.roomToken), null);
    assert.deepEqual(await store.rooms.listForUser('alice'), [live]);
  });
}

export function describeRoomParticipants(spec: Spec): void {
  spec('a room nobody joined has no participants and version 0; an unknown room has none', async ({ store, clock }) => {
    const room = aRoom({}, clock);
    await store.rooms.create(room);
    assert.deepEqual(await store.rooms.listParticipants(room.roomToken), { participants: [], version: 0 });
    assert.deepEqual((await store.rooms.listParticipants('noSuchRoom0')).participants, []);
  });

  spec('addParticipant at the current version adds it and bumps the version', async ({ store, clock }) => {
    const room = aRoom({}, clock);
    await store.rooms.create(room);
    const guest = aParticipant(room.roomToken, { account: 'v1.nonce.sealed-identity', clientMaxSize: 3 }, clock);
    assert.equal(await store.rooms.addParticipant(guest, 0), 'added');
    const { participants, version } = await store.rooms.listParticipants(room.roomToken);
    assert.deepEqual(participants, [guest]);
    assert.ok(version > 0, `version ${version}`);
    assert.deepEqual(await store.rooms.getParticipant(room.roomToken, guest.participantHmac), guest);

    const anonymous = aParticipant(room.roomToken, { user: null, account: null }, clock);
    assert.equal(await store.rooms.addParticipant(anonymous, version), 'added');
    const after = await store.rooms.listParticipants(room.roomToken);
    assert.deepEqual(after.participants, [guest, anonymous]);
    assert.ok(after.version > version);
  });

  spec('lists the live participants, oldest join first', async ({ store, clock }) => {
    const room = aRoom({}, clock);
    await store.rooms.create(room);
    const first = aParticipant(room.roomToken, {}, clock);
    clock.advance(SECOND);
    const second = aParticipant(room.roomToken, {}, clock);
    clock.advance(SECOND);
    const third = aParticipant(room.roomToken, {}, clock);
    // Added out of order: the list follows joinedAt.
    for (const participant of [second, third, first]) await joined(store, participant);
    assert.deepEqual((await store.rooms.listParticipants(room.roomToken)).participants, [first, second, third]);
    assert.deepEqual((await store.rooms.listParticipants(aRoom({}, clock).roomToken)).participants, []);
  });

  spec('addParticipant with a stale version is a conflict and changes nothing', async ({ store, clock }) => {
    const room = aRoom({}, clock);
    await store.rooms.create(room);
    const first = aParticipant(room.roomToken, {}, clock);
    assert.equal(await store.rooms.addParticipant(first, 0), 'added');
    const late = aParticipant(room.roomToken, {}, clock);
    assert.equal(await store.rooms.addParticipant(late, 0), 'conflict');
    const { participants, version } = await store.rooms.listParticipants(room.roomToken);
    assert.deepEqual(participants, [first]);
    assert.equal(await store.rooms.addParticipant(late, version + 1), 'conflict', 'a version from the future');
    assert.equal(await store.rooms.getParticipant(room.roomToken, late.participantHmac), null);
    assert.equal(await store.rooms.addParticipant(late, version), 'added');
  });

  spec('of 10 concurrent adds at one version, exactly one is added', async ({ store, clock }) => {
    const room = aRoom({}, clock);
    await store.rooms.create(room);
    const candidates = Array.from({ length: 10 }, () => aParticipant(room.roomToken, {}, clock));
    const results = await Promise.all(candidates.map((participant) => store.rooms.addParticipant(participant, 0)));
    assert.equal(results.filter((result) => result === 'added').length, 1);
    assert.equal(results.filter((result) => result === 'conflict').length, 9);
    const winner = candidates[results.indexOf('added')];
    assert.deepEqual((await store.rooms.listParticipants(room.roomToken)).participants, [winner]);
  });

  spec('addParticipant to an unknown, deleted or expired room is gone and stores nothing', async ({ store, clock }) => {
    const unknown = aParticipant('noSuchRoom0', {}, clock);
    assert.equal(await store.rooms.addParticipant(unknown, 0), 'gone');
    assert.equal(await store.rooms.getParticipant(unknown.roomToken, unknown.participantHmac), null);

    const deleted = aRoom({}, clock);
    await store.rooms.create(deleted);
    await store.rooms.delete(deleted.roomToken, nowSec(clock), clock.now() + MINUTE);
    const late = aParticipant(deleted.roomToken, {}, clock);
    assert.equal(await store.rooms.addParticipant(late, 0), 'gone');
    assert.equal(await store.rooms.getParticipant(late.roomToken, late.participantHmac), null);

    const expiring = aRoom({ expiresAtSec: nowSec(clock) + 60 }, clock);
    await store.rooms.create(expiring);
    const { version } = await store.rooms.listParticipants(expiring.roomToken);
    clock.advance(MINUTE);
    const tooLate = aParticipant(expiring.roomToken, {}, clock);
    assert.equal(await store.rooms.addParticipant(tooLate, version), 'gone');
    assert.equal(await store.rooms.getParticipant(tooLate.roomToken, tooLate.participantHmac), null);
    assert.equal(await store.rooms.nextParticipantDeadline(), null);
  });

  spec(
    'addParticipant with a participantHmac already in the room replaces that participation',
    async ({ store, clock }) => {
      const room = aRoom({}, clock);
      await store.rooms.create(room);
      const first = aParticipant(room.roomToken, {}, clock);
      const other = aParticipant(room.roomToken, {}, clock);
      await joined(store, first);
      clock.advance(SECOND);
      await joined(store, other);
      clock.advance(SECOND);
      const again = aParticipant(
        room.roomToken,
        { participantHmac: first.participantHmac, displayName: 'Renamed', clientMaxSize: 2 },
        clock,
      );
      await joined(store, again);
      assert.deepEqual((await store.rooms.listParticipants(room.roomToken)).participants, [other, again]);
      assert.deepEqual(await store.rooms.getParticipant(room.roomToken, first.participantHmac), again);
      assert.equal(await store.rooms.nextParticipantDeadline(), other.expiresAt);
    },
  );

  spec('getParticipant reads null for an unknown participation or room', async ({ store, clock }) => {
    const room = aRoom({}, clock);
    await store.rooms.create(room);
    const guest = aParticipant(room.roomToken, {}, clock);
    await joined(store, guest);
    assert.equal(await store.rooms.getParticipant(room.roomToken, 'no-such-hmac'), null);
    assert.equal(await store.rooms.getParticipant('noSuchRoom0', guest.participantHmac), null);
  });

  spec(
    'reads skip a participation once the clock reaches its expiresAt, before any expiry',
    async ({ store, clock }) => {
      const room = aRoom({}, clock);
      await store.rooms.create(room);
      const leaving = aParticipant(room.roomToken, { expiresAt: clock.now() + MINUTE }, clock);
      const staying = aParticipant(room.roomToken, { expiresAt: clock.now() + 2 * MINUTE }, clock);
      await joined(store, leaving);
      await joined(store, staying);
      const { version } = await store.rooms.listParticipants(room.roomToken);
      clock.advance(MINUTE - 1);
      assert.deepEqual(await store.rooms.getParticipant(room.roomToken, leaving.participantHmac), leaving);
      clock.advance(1);
      assert.equal(await store.rooms.getParticipant(room.roomToken, leaving.participantHmac), null);
      assert.deepEqual(await store.rooms.listParticipants(room.roomToken), { participants: [staying], version });
    },
  );

  spec('refreshParticipant moves a live deadline and leaves the version alone', async ({ store, clock }) => {
    const room = aRoom({}, clock);
    await store.rooms.create(room);
    const guest = aParticipant(room.roomToken, { expiresAt: clock.now() + MINUTE }, clock);
    await joined(store, guest);
    const { version } = await store.rooms.listParticipants(room.roomToken);
    clock.advance(50 * SECOND);
    const refreshed = { ...guest, expiresAt: clock.now() + MINUTE };
    assert.equal(
      await store.rooms.refreshParticipant(room.roomToken, guest.participantHmac, refreshed.expiresAt),
      true,
    );
    assert.deepEqual(await store.rooms.getParticipant(room.roomToken, guest.participantHmac), refreshed);
    assert.deepEqual(await store.rooms.listParticipants(room.roomToken), { participants: [refreshed], version });
    assert.equal(await store.rooms.nextParticipantDeadline(), refreshed.expiresAt);
    clock.advance(30 * SECOND);
    assert.deepEqual(
      await store.rooms.getParticipant(room.roomToken, guest.participantHmac),
      refreshed,
      'live past its old deadline',
    );
    assert.deepEqual(await store.rooms.listDueParticipants(clock.now(), 10), []);
    assert.equal(await store.rooms.expireParticipant(room.roomToken, guest.participantHmac, guest.expiresAt), false);
  });

  spec(
    'refreshParticipant is false once the participation expired, even before any sweep, and revives nothing',
    async ({ store, clock }) => {
      const room = aRoom({}, clock);
      await store.rooms.create(room);
      const guest = aParticipant(room.roomToken, { expiresAt: clock.now() + MINUTE }, clock);
      await joined(store, guest);
      clock.advance(MINUTE);
      assert.equal(
        await store.rooms.refreshParticipant(room.roomToken, guest.participantHmac, clock.now() + MINUTE),
        false,
      );
      assert.equal(await store.rooms.getParticipant(room.roomToken, guest.participantHmac), null);
      assert.deepEqual((await store.rooms.listParticipants(room.roomToken)).participants, []);
      assert.deepEqual(
        await store.rooms.listDueParticipants(clock.now(), 10),
        [
          {
            roomToken: room.roomToken,
            participantHmac: guest.participantHmac,
            roomConnectionId: guest.roomConnectionId,
          },
        ],
        'still due for its expiry',
      );
      assert.equal(await store.rooms.refreshParticipant(room.roomToken, 'no-such-hmac', clock.now() + MINUTE), false);
      assert.equal(
        await store.rooms.refreshParticipant('noSuchRoom0', guest.participantHmac, clock.now() + MINUTE),
        false,
      );
    },
  );

  spec('removeParticipant is true once, bumps the version, and ends the participation', async ({ store, clock }) => {
    const room = aRoom({}, clock);
    await store.rooms.create(room);
    const guest = aParticipant(room.roomToken, {}, clock);
    const other = aParticipant(room.roomToken, { expiresAt: guest.expiresAt + MINUTE }, clock);
    await joined(store, guest);
    await joined(store, other);
    const { version } = await store.rooms.listParticipants(room.roomToken);
    assert.equal(await store.rooms.removeParticipant(room.roomToken, guest.participantHmac), true);
    assert.equal(await store.rooms.removeParticipant(room.roomToken, guest.participantHmac), false);
    const after = await store.rooms.listParticipants(room.roomToken);
    assert.deepEqual(after.participants, [other]);
    assert.ok(after.version > version);
    assert.equal(await store.rooms.getParticipant(room.roomToken, guest.participantHmac), null);
    assert.equal(
      await store.rooms.refreshParticipant(room.roomToken, guest.participantHmac, clock.now() + MINUTE),
      false,
    );
    assert.equal(await store.rooms.nextParticipantDeadline(), other.expiresAt);
    assert.equal(await store.rooms.removeParticipant(room.roomToken, 'no-such-hmac'), false);
    assert.equal(await store.rooms.removeParticipant('noSuchRoom0', guest.participantHmac), false);
  });

  spec('of 10 concurrent removes of one participation, exactly one is true', async ({ store, clock }) => {
    const room = aRoom({}, clock);
    await store.rooms.create(room);
    const guest = aParticipant(room.roomToken, {}, clock);
    await joined(store, guest);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => store.rooms.removeParticipant(room.roomToken, guest.participantHmac)),
    );
    assert.equal(results.filter((removed) => removed).length, 1);
  });

  spec('removeParticipant of an expired participation is false: its expiry announces it', async ({ store, clock }) => {
    const room = aRoom({}, clock);
    await store.rooms.create(room);
    const guest = aParticipant(room.roomToken, { expiresAt: clock.now() + MINUTE }, clock);
    await joined(store, guest);
    clock.advance(MINUTE);
    assert.equal(await store.rooms.removeParticipant(room.roomToken, guest.participantHmac), false);
    assert.equal(await store.rooms.expireParticipant(room.roomToken, guest.participantHmac, clock.now()), true);
  });

  spec('the version moves on every add, remove and expiry and never comes back', async ({ store, clock }) => {
    const room = aRoom({}, clock);
    await store.rooms.create(room);
    const seen = [(await store.rooms.listParticipants(room.roomToken)).version];
    const version = async () => {
      const current = (await store.rooms.listParticipants(room.roomToken)).version;
      assert.ok(!seen.includes(current), `version ${current} repeats one of ${seen.join(', ')}`);
      assert.ok(current > (seen.at(-1) ?? -1), `version ${current} after ${seen.join(', ')}`);
      seen.push(current);
    };
    const guest = aParticipant(room.roomToken, { expiresAt: clock.now() + MINUTE }, clock);
    await joined(store, guest);
    await version();
    await store.rooms.removeParticipant(room.roomToken, guest.participantHmac);
    await version();
    await joined(store, guest);
    await version();
    clock.advance(MINUTE);
    await store.rooms.expireParticipant(room.roomToken, guest.participantHmac, clock.now());
    await version();
    await joined(store, aParticipant(room.roomToken, {}, clock));
    await version();
  });

  spec(
    'listDueParticipants lists deadlines <= now across rooms, soonest first, up to limit',
    async ({ store, clock }) => {
      // Deadlines around a `now` a minute ahead of the store's clock, so every participation is live to refresh.
      const now = clock.now() + MINUTE;
      const one = aRoom({}, clock);
      const two = aRoom({}, clock);
      await store.rooms.create(one);
      await store.rooms.create(two);
      const at = (room: RoomRecord, offset: number) => aParticipant(room.roomToken, { expiresAt: now + offset }, clock);
      const late = at(one, -5 * SECOND);
      const later = at(two, -10 * SECOND);
      const exactlyNow = at(one, 0);
      const future = at(two, SECOND);
      const removed = at(two, -20 * SECOND);
      const refreshed = at(one, -40 * SECOND);
      const earliest = at(two, -30 * SECOND);
      for (const participant of [late, later, exactlyNow, future, removed, refreshed, earliest]) {
        await joined(store, participant);
      }
      await store.rooms.removeParticipant(removed.roomToken, removed.participantHmac);
      await store.rooms.refreshParticipant(refreshed.roomToken, refreshed.participantHmac, now + 30 * SECOND);
      const due = (p: RoomParticipant) => ({
        roomToken: p.roomToken,
        participantHmac: p.participantHmac,
        roomConnectionId: p.roomConnectionId,
      });

      assert.deepEqual(await store.rooms.listDueParticipants(now, 10), [earliest, later, late, exactlyNow].map(due));
      assert.deepEqual(await store.rooms.listDueParticipants(now, 2), [earliest, later].map(due));
      assert.deepEqual(await store.rooms.listDueParticipants(now - 35 * SECOND, 10), []);
      assert.equal(await store.rooms.nextParticipantDeadline(), earliest.expiresAt);
    },
  );

  spec('expireParticipant removes a due participation once and bumps the version', async ({ store, clock }) => {
    const room = aRoom({}, clock);
    await store.rooms.create(room);
    const guest = aParticipant(room.roomToken, { expiresAt: clock.now() + MINUTE }, clock);
    const other = aParticipant(room.roomToken, { expiresAt: clock.now() + 2 * MINUTE }, clock);
    await joined(store, guest);
    await joined(store, other);
    const { version } = await store.rooms.listParticipants(room.roomToken);

    assert.equal(
      await store.rooms.expireParticipant(room.roomToken, guest.participantHmac, clock.now()),
      false,
      'not due yet',
    );
    assert.deepEqual(await store.rooms.getParticipant(room.roomToken, guest.participantHmac), guest);
    clock.advance(MINUTE);
    assert.equal(await store.rooms.expireParticipant(room.roomToken, guest.participantHmac, clock.now()), true);
    assert.equal(await store.rooms.expireParticipant(room.roomToken, guest.participantHmac, clock.now()), false);
    const after = await store.rooms.listParticipants(room.roomToken);
    assert.deepEqual(after.participants, [other]);
    assert.ok(after.version > version);
    assert.deepEqual(await store.rooms.listDueParticipants(clock.now(), 10), []);
    assert.equal(await store.rooms.nextParticipantDeadline(), other.expiresAt);
    assert.equal(await store.rooms.removeParticipant(room.roomToken, guest.participantHmac), false);
    assert.equal(await store.rooms.expireParticipant(room.roomToken, 'no-such-hmac', clock.now()), false);
    assert.equal(await store.rooms.expireParticipant('noSuchRoom0', guest.participantHmac, clock.now()), false);
  });

  spec('of 10 concurrent expireParticipant calls, exactly one is true', async ({ store, clock }) => {
    const room = aRoom({}, clock);
    await store.rooms.create(room);
    const guests = [0, 1, 2].map(() => aParticipant(room.roomToken, { expiresAt: clock.now() + MINUTE }, clock));
    for (const guest of guests) await joined(store, guest);
    clock.advance(MINUTE);
    // Several instances' sweepers racing over the same due participations.
    const results = await Promise.all(
      guests.flatMap((guest) =>
        Array.from({ length: 10 }, () =>
          store.rooms.expireParticipant(room.roomToken, guest.participantHmac, clock.now()),
        ),
      ),
    );
    for (let i = 0; i < guests.length; i++) {
      assert.equal(results.slice(i * 10, i * 10 + 10).filter((won) => won).length, 1, `guest ${i}`);
    }
    assert.deepEqual(await store.rooms.listParticipants(room.roomToken).then((list) => list.participants), []);
  });

  spec('expireParticipant of a participation refreshed since it was listed due is false', async ({ store, clock }) => {
    const room = aRoom({}, clock);
    await store.rooms.create(room);
    const guest = aParticipant(room.roomToken, { expiresAt: clock.now() + MINUTE }, clock);
    await joined(store, guest);
    clock.advance(MINUTE - 1);
    const listedAt = guest.expiresAt;
    assert.equal(
      await store.rooms.refreshParticipant(room.roomToken, guest.participantHmac, clock.now() + MINUTE),
      true,
    );
    assert.equal(await store.rooms.expireParticipant(room.roomToken, guest.participantHmac, listedAt), false);
    assert.deepEqual(
      (await store.rooms.getParticipant(room.roomToken, guest.participantHmac))?.expiresAt,
      clock.now() + MINUTE,
    );
  });

  spec(
    'nextParticipantDeadline is null with nobody in any room and follows joins and departures',
    async ({ store, clock }) => {
      assert.equal(await store.rooms.nextParticipantDeadline(), null);
      const room = aRoom({}, clock);
      await store.rooms.create(room);
      assert.equal(await store.rooms.nextParticipantDeadline(), null);
      const soon = aParticipant(room.roomToken, { expiresAt: clock.now() + MINUTE }, clock);
      const later = aParticipant(room.roomToken, { expiresAt: clock.now() + 2 * MINUTE }, clock);
      await joined(store, later);
      assert.equal(await store.rooms.nextParticipantDeadline(), later.expiresAt);
      await joined(store, soon);
      assert.equal(await store.rooms.nextParticipantDeadline(), soon.expiresAt);
      await store.rooms.refreshParticipant(room.roomToken, soon.participantHmac, clock.now() + 3 * MINUTE);
      assert.equal(await store.rooms.nextParticipantDeadline(), later.expiresAt);
      await store.rooms.removeParticipant(room.roomToken, later.participantHmac);
      assert.equal(await store.rooms.nextParticipantDeadline(), clock.now() + 3 * MINUTE);
      clock.advance(3 * MINUTE);
      assert.equal(await store.rooms.expireParticipant(room.roomToken, soon.participantHmac, clock.now()), true);
      assert.equal(await store.rooms.nextParticipantDeadline(), null);
    },
  );

  spec('a sweep leaves a due participation for expireParticipant to claim', async ({ store, clock }) => {
    const room = aRoom({}, clock);
    await store.rooms.create(room);
    const guest = aParticipant(room.roomToken, { expiresAt: clock.now() + MINUTE }, clock);
    await joined(store, guest);
    clock.advance(2 * MINUTE);
    await store.sweep();
    assert.equal(await store.rooms.nextParticipantDeadline(), guest.expiresAt);
    assert.deepEqual(await store.rooms.listDueParticipants(clock.now(), 10), [
      { roomToken: room.roomToken, participantHmac: guest.participantHmac, roomConnectionId: guest.roomConnectionId },
    ]);
    assert.equal(await store.rooms.expireParticipant(room.roomToken, guest.participantHmac, clock.now()), true);
  });
}

export function describeRoomDurability(open: OpenStore, reopen: NonNullable<StoreContractOptions['reopen']>): void {
  void it('rooms, participations, their deadlines and deletion markers survive closing and reopening the store', async () => {
    const clock = new ManualClock();
    let store = await open(clock);
    try {
      const room = aRoom({ user: 'alice' }, clock);
      const deleted = aRoom({ user: 'alice' }, clock);
      await store.rooms.create(room);
      await store.rooms.create(deleted);
      const guest = aParticipant(room.roomToken, { account: 'v1.n.sealed' }, clock);
      await joined(store, guest);
      const participants = await store.rooms.listParticipants(room.roomToken);
      await store.rooms.delete(deleted.roomToken, nowSec(clock), clock.now() + 27 * MINUTE);

      store = await reopen(store, clock);

      assert.deepEqual(await store.rooms.get(room.roomToken), room);
      assert.deepEqual(await store.rooms.listForUser('alice'), [room]);
      assert.deepEqual(await store.rooms.listParticipants(room.roomToken), participants);
      assert.deepEqual(await store.rooms.listDeletedForUser('alice', 0), [
        { roomToken: deleted.roomToken, deletedAtSec: nowSec(clock) },
      ]);
      assert.equal(await store.rooms.nextParticipantDeadline(), guest.expiresAt, 'a pending expiry survives a restart');
      assert.equal(
        await store.rooms.addParticipant(aParticipant(room.roomToken, {}, clock), participants.version),
        'added',
      );
    } finally {
      await store.close();
    }
  });
}
