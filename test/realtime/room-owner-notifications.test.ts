/**
 * A room's owner hears of every change of the room (spec §7.6) on each of its devices: a SimplePush
 * `PUT version=` to every `rooms` URL (none to `calls` URLs), a "room-changed" Web Push to the
 * subscriptions of the `rooms` topic (decrypted by the local push service, as the browser would), and a
 * `room-changed` frame on its open app's events socket. The owner is signed in on two devices.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { nowSec } from '../../src/clock.ts';
import { userMacOf } from '../../src/identity/sign-in.ts';
import { replaceKeyForRoom } from '../../src/push/push-messages.ts';
import { notifyRoomOwner } from '../../src/rooms/notify-room-owner.ts';
import { ROOM_EVENTS } from '../../src/rooms/room-event.ts';
import type { RoomRecord } from '../../src/rooms/room-record.ts';
import type { OidcProvider } from '../fakes/oidc-provider.ts';
import { SimplePushServer } from '../fakes/simplepush-server.ts';
import type { BrowserSubscription } from '../fakes/webpush-browser.ts';
import { WebPushService } from '../fakes/webpush-service.ts';
import { settle, type JsonSocket } from '../helpers/json-socket.ts';
import { openEventsSocket, registerDevice, type OwnerDevice } from '../helpers/room-owner.ts';
import { signInEnv, signInWithBearer, startOidcProvider } from '../helpers/sign-in.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { LoopClient } from '../../tools/loop-client.ts';

const OWNER = 'room.owner@example.com';

void describe('room owner notifications', () => {
  let server: TestServer;
  let oidc: OidcProvider;
  let sink: SimplePushServer;
  let pushService: WebPushService;
  let devices: OwnerDevice[];
  let roomsBrowser: BrowserSubscription;
  let callsBrowser: BrowserSubscription;
  let user: string;
  let events: JsonSocket;

  before(async () => {
    oidc = await startOidcProvider();
    sink = await new SimplePushServer().start();
    pushService = await new WebPushService().start();
    server = await startTestServer({ env: { ...signInEnv(oidc), LOOP_ALLOW_INSECURE_PUSH: 'true' } });
    const signedIn = async () => {
      const client = new LoopClient(server.url);
      const response = await signInWithBearer(client, await oidc.accessToken(oidc.addUser(OWNER)));
      assert.equal(response.status, 200, response.text);
      return client;
    };
    roomsBrowser = pushService.subscribe();
    callsBrowser = pushService.subscribe();
    devices = [
      await registerDevice(await signedIn(), sink, { browser: roomsBrowser, topics: ['rooms'] }),
      await registerDevice(await signedIn(), sink, { browser: callsBrowser, topics: ['calls'] }),
    ];
    user = userMacOf(server.deps, OWNER);
    assert.equal((await server.deps.store.pushEndpoints.listForUser(user, 'rooms')).length, 2);
    events = await openEventsSocket(server, devices[0]!.client);
  });
  after(async () => {
    events.close();
    await server.close();
    await Promise.all([oidc.stop(), sink.stop(), pushService.stop()]);
  });

  /** A room of the owner as the store holds it; notifyRoomOwner only reads it. */
  const room = (updateTimeSec: number): RoomRecord => ({
    roomToken: 'QzBbvGmIZWU',
    user,
    roomOwner: 'Owner',
    roomName: null,
    context: null,
    maxSize: 5,
    expiresInHours: 1,
    channel: 'default',
    provider: 'builtin',
    apiKey: '',
    sessionId: 'session',
    creationTimeSec: updateTimeSec,
    updateTimeSec,
    expiresAtSec: updateTimeSec + 3600,
  });

  for (const event of ROOM_EVENTS) {
    void it(`${event}: one PUT to every rooms URL, none to calls URLs, a Web Push to the rooms subscription`, async () => {
      const before = { simplePush: sink.received.length, webPush: pushService.received.length };
      const updateTimeSec = nowSec(server.deps.clock) - 100;
      const notifiedAt = nowSec(server.deps.clock);
      notifyRoomOwner(server.deps, room(updateTimeSec), event);
      await server.deps.push.drain();

      const simplePushes = sink.received.slice(before.simplePush);
      assert.deepEqual(simplePushes.map((push) => push.path).sort(), devices.map((d) => d.paths.rooms).sort());
      const versions = new Set(simplePushes.map((push) => push.body));
      assert.equal(versions.size, 1);
      const version = Number(/^version=(\d+)$/.exec([...versions][0] ?? '')?.[1]);
      if (event === 'modification' || event === 'deletion') assert.ok(version >= notifiedAt, 'now (§7.6)');
      else assert.equal(version, updateTimeSec, "the room's updateTime");
      for (const push of simplePushes) {
        assert.equal(push.method, 'PUT');
        assert.equal(push.contentType, 'application/x-www-form-urlencoded');
      }

      const webPushes = pushService.received.slice(before.webPush);
      assert.deepEqual(
        webPushes.map((push) => push.path),
        [new URL(roomsBrowser.endpoint).pathname],
        'only the subscription of the rooms topic',
      );
      const [webPush] = webPushes;
      assert.equal(webPush?.vapid.ok, true, webPush?.vapid.problem);
      assert.equal(webPush?.urgency, 'normal');
      assert.equal(webPush?.topic, replaceKeyForRoom('QzBbvGmIZWU'));
      assert.deepEqual(webPush?.payload, {
        event: 'room-changed',
        topic: 'rooms',
        version,
        roomToken: 'QzBbvGmIZWU',
        change: event,
      });

      assert.deepEqual(await events.next(), { type: 'room-changed', roomToken: 'QzBbvGmIZWU', event, version });
    });
  }

  void it('nothing else reached the devices or the app', async () => {
    await settle();
    assert.deepEqual(events.unread, []);
    assert.equal(pushService.to(callsBrowser.endpoint).length, 0);
    for (const device of devices) assert.equal(sink.to(device.paths.calls).length, 0);
  });

  void it('a gone rooms URL is forgotten; the other device is still woken', async () => {
    const [gone, kept] = devices as [OwnerDevice, OwnerDevice];
    sink.answerNext(gone.paths.rooms, 410);
    notifyRoomOwner(server.deps, room(nowSec(server.deps.clock)), 'join');
    await server.deps.push.drain();
    assert.deepEqual(await server.deps.store.pushEndpoints.listForUser(user, 'rooms'), [
      sink.endpoint(kept.paths.rooms),
    ]);
    assert.equal((await events.next()).type, 'room-changed');
  });
});
