/**
 * A participant that stops refreshing is gone after LOOP_ROOM_PARTICIPANT_TTL_SECONDS, decided by its
 * stored deadline (spec §7.9): removed from the room, the room touched, and the owner told exactly once
 * (one SimplePush PUT to its rooms URL, one `room-changed` `expiry` frame on its events socket) and the
 * room's signalling peers told once that its `roomConnectionId` is gone (the bus `room-signal` topic), on one
 * instance, after a restart (a deadline stored before the restart fires after it), and with two instances
 * on one Redis that both fire the same deadline at the same moment.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Subscription } from '../../src/bus/event-bus.ts';
import { ROOM_SIGNALLING, type RoomSignallingBusMessage } from '../../src/bus/signalling-bus.ts';
import { systemClock } from '../../src/clock.ts';
import type { RoomParticipant, RoomRecord } from '../../src/rooms/room-record.ts';
import { SimplePushServer } from '../fakes/simplepush-server.ts';
import { settle, type JsonSocket } from '../helpers/json-socket.ts';
import { requireRedis } from '../helpers/requirements.ts';
import { aParticipant, aRoom } from '../helpers/room-factories.ts';
import { eventually } from '../helpers/eventually.ts';
import { anonymousOwner, openEventsSocket, sameSessionOn } from '../helpers/room-owner.ts';
import { startTestServer, tempDir, type TestServer } from '../helpers/test-server.ts';
import { startTwoInstances, type TwoInstances } from '../helpers/two-instances.ts';
import { LoopClient } from '../../tools/loop-client.ts';

/** This file's Redis database (flushed before the two-instance suite). */
const DB = 11;
const TTL_SEC = 0.4;
const ENV = { LOOP_ROOM_PARTICIPANT_TTL_SECONDS: String(TTL_SEC) };
/** Checked first: once the suites above start (servers starting), a 500 ms PING could miss its answer. */
const redisUp = await requireRedis('room participant expiry on two instances');
/** Long enough for a second notification to arrive if there were one: several polls of both instances. */
const QUIET_MS = 600;

/** The owner's room, stored as the create use case stores it. */
async function roomOf(server: TestServer, user: string): Promise<RoomRecord> {
  const room = aRoom({ user, provider: 'builtin', updateTimeSec: Math.floor(Date.now() / 1000) - 60 }, systemClock);
  await server.deps.store.rooms.create(room);
  return room;
}

/** A participation whose deadline is one TTL away, stored and scheduled as a join would. */
async function joinWithTtl(server: TestServer, room: RoomRecord): Promise<RoomParticipant> {
  const participant = aParticipant(room.roomToken, { expiresAt: Date.now() + TTL_SEC * 1000 }, systemClock);
  const { version } = await server.deps.store.rooms.listParticipants(room.roomToken);
  assert.equal(await server.deps.store.rooms.addParticipant(participant, version), 'added');
  server.deps.roomTimers.schedule(participant.expiresAt);
  return participant;
}

/** What the room's signalling peers hear on the bus (the relay of whichever instance holds them). */
async function roomSignals(
  server: TestServer,
  room: RoomRecord,
): Promise<{ heard: RoomSignallingBusMessage[]; subscription: Subscription }> {
  const heard: RoomSignallingBusMessage[] = [];
  const subscription = await server.deps.eventBus.subscribe(ROOM_SIGNALLING, room.sessionId, (message) =>
    heard.push(message),
  );
  return { heard, subscription };
}

/**
 * Waits for the owner's one expiry notification and checks it against the touched room. `deadline`: the
 * expired participation's (or a lower bound of it); `events`: null when the socket could only open after the
 * expiry (a restart); `remaining`: the participants that must still be there.
 */
async function expectOneExpiry(
  servers: TestServer[],
  sink: SimplePushServer,
  roomsPath: string,
  events: JsonSocket | null,
  room: RoomRecord,
  { deadline, remaining = [] }: { deadline: number; remaining?: RoomParticipant[] },
): Promise<void> {
  const [server] = servers as [TestServer];
  const frame = await events?.next(5000);
  await eventually('the rooms push', () => sink.to(roomsPath).length > 0);
  await settle(QUIET_MS);
  for (const instance of servers) await instance.deps.push.drain();
  const touched = await server.deps.store.rooms.get(room.roomToken);
  assert.ok(touched, 'the room is still there');
  assert.ok(touched.updateTimeSec >= Math.floor(deadline / 1000), 'touched: updateTime moved to the expiry');
  assert.ok(touched.expiresAtSec >= room.expiresAtSec, 'a touch never shortens a room');
  if (events)
    assert.deepEqual(frame, {
      type: 'room-changed',
      roomToken: room.roomToken,
      event: 'expiry',
      version: touched.updateTimeSec,
    });
  assert.deepEqual(
    sink.to(roomsPath).map((push) => push.body),
    [`version=${touched.updateTimeSec}`],
    'exactly one push to the rooms URL',
  );
  assert.deepEqual(events?.unread ?? [], [], 'exactly one frame');
  assert.deepEqual(
    (await server.deps.store.rooms.listParticipants(room.roomToken)).participants.map((p) => p.participantHmac),
    remaining.map((p) => p.participantHmac),
  );
  assert.deepEqual(await server.deps.store.rooms.listDueParticipants(Date.now(), 10), [], 'nothing left due');
}

void describe('room participant expiry, one instance', () => {
  let server: TestServer;
  let sink: SimplePushServer;
  before(async () => {
    sink = await new SimplePushServer().start();
    server = await startTestServer({ env: ENV });
  });
  after(async () => {
    await server.close();
    await sink.stop();
  });

  void it('a participant that stops refreshing is removed after the TTL; the owner hears it once', async () => {
    const owner = await anonymousOwner(server, sink);
    const events = await openEventsSocket(server, owner.client);
    const room = await roomOf(server, owner.user);
    const peers = await roomSignals(server, room);
    const participant = await joinWithTtl(server, room);
    await expectOneExpiry([server], sink, owner.paths.rooms, events, room, { deadline: participant.expiresAt });
    assert.equal(sink.to(owner.paths.calls).length, 0, 'nothing to the calls URL');
    assert.deepEqual(peers.heard, [{ kind: 'leave', pid: participant.roomConnectionId, reason: 'expired' }]);
    await peers.subscription.unsubscribe();
    events.close();
  });

  void it('a participant that keeps refreshing stays; only the one that stopped goes', async () => {
    const owner = await anonymousOwner(server, sink);
    const events = await openEventsSocket(server, owner.client);
    const room = await roomOf(server, owner.user);
    const stayer = await joinWithTtl(server, room);
    const leaver = await joinWithTtl(server, room);
    const refresher = setInterval(
      () => {
        const expiresAt = Date.now() + TTL_SEC * 1000;
        void server.deps.store.rooms.refreshParticipant(room.roomToken, stayer.participantHmac, expiresAt);
        server.deps.roomTimers.schedule(expiresAt);
      },
      (TTL_SEC * 1000) / 4,
    );
    try {
      await expectOneExpiry([server], sink, owner.paths.rooms, events, room, {
        deadline: leaver.expiresAt,
        remaining: [stayer],
      });
    } finally {
      clearInterval(refresher);
    }
    events.close();
  });

  void it('a participation ended by a leave before its deadline is not announced again', async () => {
    const owner = await anonymousOwner(server, sink);
    const room = await roomOf(server, owner.user);
    const guest = await joinWithTtl(server, room);
    assert.equal(await server.deps.store.rooms.removeParticipant(room.roomToken, guest.participantHmac), true);
    await settle(TTL_SEC * 1000 + QUIET_MS);
    await server.deps.push.drain();
    assert.equal(sink.to(owner.paths.rooms).length, 0);
  });

  void it('a participant of a deleted room expires silently', async () => {
    const owner = await anonymousOwner(server, sink);
    const room = await roomOf(server, owner.user);
    await joinWithTtl(server, room);
    await server.deps.store.rooms.delete(room.roomToken, Math.floor(Date.now() / 1000), Date.now() + 60_000);
    await settle(TTL_SEC * 1000 + QUIET_MS);
    await server.deps.push.drain();
    assert.equal(sink.to(owner.paths.rooms).length, 0);
  });
});

void describe('a participant deadline outlives the server that stored it', () => {
  const dataDir = tempDir();
  let sink: SimplePushServer;
  before(async () => {
    sink = await new SimplePushServer().start();
  });
  after(async () => {
    await sink.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  void it('stored, server stopped before it is due, another started on the same file: it fires once', async () => {
    const first = await startTestServer({ env: { LOOP_ROOM_PARTICIPANT_TTL_SECONDS: '1' }, dataDir });
    const owner = await anonymousOwner(first, sink);
    const room = await roomOf(first, owner.user);
    // Three seconds: closing a server takes a while on a loaded machine, and it must close before the deadline.
    const participant = aParticipant(room.roomToken, { expiresAt: Date.now() + 3000 }, systemClock);
    assert.equal(await first.deps.store.rooms.addParticipant(participant, 0), 'added');
    first.deps.roomTimers.schedule(participant.expiresAt);
    await first.close();
    assert.ok(Date.now() < participant.expiresAt, 'stopped before the deadline (the test ran too slowly otherwise)');
    assert.equal(sink.to(owner.paths.rooms).length, 0);

    const second = await startTestServer({ env: { LOOP_ROOM_PARTICIPANT_TTL_SECONDS: '1' }, dataDir });
    try {
      // No events socket: the second server may fire the deadline as it starts, before a socket could open.
      await expectOneExpiry([second], sink, owner.paths.rooms, null, room, { deadline: participant.expiresAt });
    } finally {
      await second.close();
    }
  });
});

if (redisUp)
  void describe('two instances on one Redis: one participant expiry, one owner notification', () => {
    let pair: TwoInstances | undefined;
    let sink: SimplePushServer;
    before(async () => {
      sink = await new SimplePushServer().start();
      pair = await startTwoInstances(DB, ENV);
    });
    after(async () => {
      await pair?.close();
      await sink.stop();
    });

    void it('both instances fire the same deadline at once: the owner is told once', async () => {
      const { a, b } = pair!;
      const owner = await anonymousOwner(a, sink);
      const events = await openEventsSocket(b, sameSessionOn(owner.client, b));
      const room = await roomOf(a, owner.user);
      const peers = await roomSignals(b, room);
      const participant = await joinWithTtl(a, room);
      // B was told of nothing by A: arm it on the same deadline, so both race for it, not just B's poll.
      b.deps.roomTimers.schedule(participant.expiresAt);
      await expectOneExpiry([a, b], sink, owner.paths.rooms, events, room, { deadline: participant.expiresAt });
      assert.deepEqual(
        peers.heard,
        [{ kind: 'leave', pid: participant.roomConnectionId, reason: 'expired' }],
        'the peers, on either instance, hear it once',
      );
      await peers.subscription.unsubscribe();
      events.close();
    });

    void it('over HTTP: a guest joins on A and stops refreshing; the owner, on B, is told once', async () => {
      const { a, b } = pair!;
      const owner = await anonymousOwner(a, sink);
      const events = await openEventsSocket(b, sameSessionOn(owner.client, b));
      const created = await owner.client.request<{ roomToken: string }>('POST', '/rooms', {
        body: { roomName: 'Team', roomOwner: 'Alice', maxSize: 3 },
      });
      assert.equal(created.status, 201, created.text);
      assert.equal((await events.next()).event, 'creation');
      await a.deps.push.drain();
      const joinedAfter = Date.now();
      const joined = await new LoopClient(a.url).request('POST', `/rooms/${created.body.roomToken}`, {
        body: { action: 'join', displayName: 'Guest', clientMaxSize: 5 },
        hawk: false,
      });
      assert.equal(joined.status, 200, joined.text);
      assert.equal((await events.next()).event, 'join');
      await a.deps.push.drain();
      const room = await a.deps.store.rooms.get(created.body.roomToken);
      assert.ok(room);
      sink.received.splice(0); // the creation and join pushes, checked above: only the expiry is counted below
      await expectOneExpiry([a, b], sink, owner.paths.rooms, events, room, {
        deadline: joinedAfter + TTL_SEC * 1000,
      });
      events.close();
    });

    void it('a deadline stored by an instance that stopped is fired by the other', async () => {
      const { a, b } = pair!;
      const owner = await anonymousOwner(b, sink);
      const events = await openEventsSocket(b, owner.client);
      const room = await roomOf(b, owner.user);
      await a.deps.roomTimers.stop();
      try {
        const participant = aParticipant(room.roomToken, { expiresAt: Date.now() + TTL_SEC * 1000 }, systemClock);
        assert.equal(await a.deps.store.rooms.addParticipant(participant, 0), 'added');
        // Only A knew of it, and A's timers are stopped: B's poll finds it.
        await expectOneExpiry([b], sink, owner.paths.rooms, events, room, { deadline: participant.expiresAt });
      } finally {
        await a.deps.roomTimers.start();
      }
      events.close();
    });
  });
