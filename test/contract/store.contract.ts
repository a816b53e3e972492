/**
 * The behaviour every Store backend must have. A backend's test file calls `runStoreContract` once; the
 * suite never looks inside the backend, so the same tests hold SQLite and Redis to the same rules.
 *
 * Every test gets a fresh store on a fresh ManualClock and closes it afterwards. Expiry is tested by moving
 * the clock, never by sleeping.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nowSec } from '../../src/clock.ts';
import type { CallProgress, CallRecord } from '../../src/calls/call-record.ts';
import type { Store } from '../../src/storage/store.ts';
import type { WebPushSubscription } from '../../src/push/push-targets.ts';
import { aCall, aCallUrl, aSession } from '../helpers/factories.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { describeIdentityStore } from './identity-store.contract.ts';
import { describeRoomDurability, describeRoomParticipants, describeRooms } from './room-store.contract.ts';

export type OpenStore = (clock: ManualClock) => Promise<Store>;

export interface StoreContractOptions {
  /**
   * For backends that persist: closes `store` and opens the same data again. When given, the suite also
   * checks that every resource survives the restart.
   */
  reopen?: (store: Store, clock: ManualClock) => Promise<Store>;
}

export interface Context {
  store: Store;
  clock: ManualClock;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

export function runStoreContract(name: string, open: OpenStore, opts: StoreContractOptions = {}): void {
  /** One test on its own store. `void`: node:test tracks the returned promise itself. */
  function spec(title: string, body: (context: Context) => Promise<void>): void {
    void it(title, async () => {
      const clock = new ManualClock();
      const store = await open(clock);
      try {
        await body({ store, clock });
      } finally {
        await store.close();
      }
    });
  }

  void describe(`Store contract: ${name}`, () => {
    void describe('sessions', () => describeSessions(spec));
    void describe('pushEndpoints', () => describePushEndpoints(spec));
    void describe('pushEndpoints: Web Push subscriptions', () => describeWebPushSubscriptions(spec));
    void describe('callUrls', () => describeCallUrls(spec));
    void describe('calls', () => describeCalls(spec));
    void describe('rooms', () => describeRooms(spec));
    void describe('rooms: participants', () => describeRoomParticipants(spec));
    void describe('nonces', () => describeNonces(spec));
    void describe('sessions: Hawk nonces', () => describeSessionNonces(spec));
    void describe('signed-in users', () => describeIdentityStore(spec));
    void describe('ping, sweep and close', () => describeLifecycle(spec));
    if (opts.reopen) {
      const reopen = opts.reopen;
      void describe('durability', () => {
        describeDurability(open, reopen);
        describeRoomDurability(open, reopen);
      });
    }
  });
}

export type Spec = (title: string, body: (context: Context) => Promise<void>) => void;

function describeSessions(spec: Spec): void {
  spec('round-trips every field of an anonymous session (null userMac)', async ({ store, clock }) => {
    const session = aSession({ userMac: null }, clock);
    await store.sessions.create(session);
    assert.deepEqual(await store.sessions.get(session.hawkIdHmac), session);
  });

  spec("round-trips a registered session's userMac", async ({ store, clock }) => {
    const session = aSession({ userMac: 'user-mac-1', createdAt: clock.now() - 5 * SECOND }, clock);
    await store.sessions.create(session);
    assert.deepEqual(await store.sessions.get(session.hawkIdHmac), session);
  });

  spec('reads an unknown session as null', async ({ store }) => {
    assert.equal(await store.sessions.get('no-such-hawk-id'), null);
  });

  spec('reads a session as null once the clock reaches expiresAt', async ({ store, clock }) => {
    const session = aSession({ expiresAt: clock.now() + MINUTE }, clock);
    await store.sessions.create(session);
    clock.advance(MINUTE - 1);
    assert.deepEqual(await store.sessions.get(session.hawkIdHmac), session);
    clock.advance(1);
    assert.equal(await store.sessions.get(session.hawkIdHmac), null);
    clock.advance(MINUTE);
    assert.equal(await store.sessions.get(session.hawkIdHmac), null);
  });

  spec('touch moves expiresAt forward (sliding expiry)', async ({ store, clock }) => {
    const session = aSession({ expiresAt: clock.now() + MINUTE }, clock);
    await store.sessions.create(session);
    const extended = clock.now() + 10 * MINUTE;
    await store.sessions.touch(session.hawkIdHmac, extended);
    clock.advance(5 * MINUTE);
    assert.deepEqual(await store.sessions.get(session.hawkIdHmac), { ...session, expiresAt: extended });
    clock.advance(5 * MINUTE);
    assert.equal(await store.sessions.get(session.hawkIdHmac), null);
  });

  spec('touch of an unknown session creates nothing', async ({ store, clock }) => {
    await store.sessions.touch('no-such-hawk-id', clock.now() + MINUTE);
    assert.equal(await store.sessions.get('no-such-hawk-id'), null);
  });

  spec('touch does not revive an expired session', async ({ store, clock }) => {
    const session = aSession({ expiresAt: clock.now() + MINUTE }, clock);
    await store.sessions.create(session);
    clock.advance(MINUTE);
    await store.sessions.touch(session.hawkIdHmac, clock.now() + MINUTE);
    assert.equal(await store.sessions.get(session.hawkIdHmac), null);
  });

  spec('create over an expired session with the same id stores the new one', async ({ store, clock }) => {
    const old = aSession({ expiresAt: clock.now() + MINUTE }, clock);
    await store.sessions.create(old);
    clock.advance(2 * MINUTE);
    const fresh = aSession({ hawkIdHmac: old.hawkIdHmac, userMac: 'user-mac-2' }, clock);
    await store.sessions.create(fresh);
    assert.deepEqual(await store.sessions.get(old.hawkIdHmac), fresh);
  });

  spec('delete removes that session only', async ({ store, clock }) => {
    const gone = aSession({}, clock);
    const kept = aSession({}, clock);
    await store.sessions.create(gone);
    await store.sessions.create(kept);
    await store.sessions.delete(gone.hawkIdHmac);
    assert.equal(await store.sessions.get(gone.hawkIdHmac), null);
    assert.deepEqual(await store.sessions.get(kept.hawkIdHmac), kept);
  });

  spec('delete of an unknown session is a no-op', async ({ store }) => {
    await store.sessions.delete('no-such-hawk-id');
  });

  spec('deleteForUser removes every session of a registered user, and only those', async ({ store, clock }) => {
    const phone = aSession({ userMac: 'alice' }, clock);
    const laptop = aSession({ userMac: 'alice' }, clock);
    const bob = aSession({ userMac: 'bob' }, clock);
    const anonymous = aSession({ userMac: null }, clock);
    for (const session of [phone, laptop, bob, anonymous]) await store.sessions.create(session);

    await store.sessions.deleteForUser('alice');

    assert.equal(await store.sessions.get(phone.hawkIdHmac), null);
    assert.equal(await store.sessions.get(laptop.hawkIdHmac), null);
    assert.deepEqual(await store.sessions.get(bob.hawkIdHmac), bob);
    assert.deepEqual(await store.sessions.get(anonymous.hawkIdHmac), anonymous);
  });

  spec("deleteForUser with an anonymous session's own hawkIdHmac removes that session", async ({ store, clock }) => {
    const anonymous = aSession({ userMac: null }, clock);
    const other = aSession({ userMac: null }, clock);
    await store.sessions.create(anonymous);
    await store.sessions.create(other);
    await store.sessions.deleteForUser(anonymous.hawkIdHmac);
    assert.equal(await store.sessions.get(anonymous.hawkIdHmac), null);
    assert.deepEqual(await store.sessions.get(other.hawkIdHmac), other);
  });

  spec('deleteForUser(hawkIdHmac) spares a registered session: its owner is its userMac', async ({ store, clock }) => {
    const registered = aSession({ userMac: 'alice' }, clock);
    await store.sessions.create(registered);
    await store.sessions.deleteForUser(registered.hawkIdHmac);
    assert.deepEqual(await store.sessions.get(registered.hawkIdHmac), registered);
  });
}

function describePushEndpoints(spec: Spec): void {
  const sorted = (urls: string[]): string[] => [...urls].sort();

  spec('lists the URL set for each topic', async ({ store, clock }) => {
    await store.pushEndpoints.setForDevice(
      'alice',
      'dev-1',
      { calls: 'https://push/c1', rooms: 'https://push/r1' },
      clock.now() + MINUTE,
    );
    assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'calls'), ['https://push/c1']);
    assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'rooms'), ['https://push/r1']);
  });

  spec('lists nothing for an unknown user', async ({ store }) => {
    assert.deepEqual(await store.pushEndpoints.listForUser('nobody', 'calls'), []);
  });

  spec('setting one topic keeps the other topic of the device (HMSET semantics)', async ({ store, clock }) => {
    const expiresAt = clock.now() + MINUTE;
    await store.pushEndpoints.setForDevice(
      'alice',
      'dev-1',
      { calls: 'https://push/c1', rooms: 'https://push/r1' },
      expiresAt,
    );
    await store.pushEndpoints.setForDevice('alice', 'dev-1', { calls: 'https://push/c2' }, expiresAt);
    assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'calls'), ['https://push/c2']);
    assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'rooms'), ['https://push/r1']);
  });

  spec('expiresAt applies to every URL of the device, including topics not given', async ({ store, clock }) => {
    await store.pushEndpoints.setForDevice(
      'alice',
      'dev-1',
      { calls: 'https://push/c1', rooms: 'https://push/r1' },
      clock.now() + MINUTE,
    );
    await store.pushEndpoints.setForDevice('alice', 'dev-1', { calls: 'https://push/c2' }, clock.now() + 10 * MINUTE);
    clock.advance(5 * MINUTE);
    assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'calls'), ['https://push/c2']);
    assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'rooms'), ['https://push/r1']);
  });

  spec('de-duplicates the same URL registered by several devices', async ({ store, clock }) => {
    const expiresAt = clock.now() + MINUTE;
    await store.pushEndpoints.setForDevice('alice', 'dev-1', { calls: 'https://push/shared' }, expiresAt);
    await store.pushEndpoints.setForDevice('alice', 'dev-2', { calls: 'https://push/shared' }, expiresAt);
    await store.pushEndpoints.setForDevice('alice', 'dev-3', { calls: 'https://push/own' }, expiresAt);
    assert.deepEqual(sorted(await store.pushEndpoints.listForUser('alice', 'calls')), [
      'https://push/own',
      'https://push/shared',
    ]);
    assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'rooms'), []);
  });

  spec('expires per device', async ({ store, clock }) => {
    await store.pushEndpoints.setForDevice(
      'alice',
      'dev-1',
      { calls: 'https://push/c1', rooms: 'https://push/r1' },
      clock.now() + MINUTE,
    );
    await store.pushEndpoints.setForDevice('alice', 'dev-2', { calls: 'https://push/c2' }, clock.now() + 2 * MINUTE);
    clock.advance(MINUTE - 1);
    assert.deepEqual(sorted(await store.pushEndpoints.listForUser('alice', 'calls')), [
      'https://push/c1',
      'https://push/c2',
    ]);
    clock.advance(1);
    assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'calls'), ['https://push/c2']);
    assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'rooms'), []);
    clock.advance(MINUTE);
    assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'calls'), []);
  });

  spec("an expired device's old topics do not come back when it registers again", async ({ store, clock }) => {
    await store.pushEndpoints.setForDevice(
      'alice',
      'dev-1',
      { calls: 'https://push/c1', rooms: 'https://push/r1' },
      clock.now() + MINUTE,
    );
    clock.advance(2 * MINUTE);
    await store.pushEndpoints.setForDevice('alice', 'dev-1', { calls: 'https://push/c2' }, clock.now() + MINUTE);
    assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'calls'), ['https://push/c2']);
    assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'rooms'), []);
  });

  spec("touchDevice extends that device's URLs only", async ({ store, clock }) => {
    await store.pushEndpoints.setForDevice(
      'alice',
      'dev-1',
      { calls: 'https://push/c1', rooms: 'https://push/r1' },
      clock.now() + MINUTE,
    );
    await store.pushEndpoints.setForDevice('alice', 'dev-2', { calls: 'https://push/c2' }, clock.now() + MINUTE);
    await store.pushEndpoints.touchDevice('alice', 'dev-1', clock.now() + 10 * MINUTE);
    clock.advance(5 * MINUTE);
    assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'calls'), ['https://push/c1']);
    assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'rooms'), ['https://push/r1']);
  });

  spec('touchDevice does not revive an expired device', async ({ store, clock }) => {
    await store.pushEndpoints.setForDevice('alice', 'dev-1', { calls: 'https://push/c1' }, clock.now() + MINUTE);
    clock.advance(MINUTE);
    await store.pushEndpoints.touchDevice('alice', 'dev-1', clock.now() + MINUTE);
    assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'calls'), []);
  });

  spec("deleteForDevice removes that device's URLs only", async ({ store, clock }) => {
    const expiresAt = clock.now() + MINUTE;
    await store.pushEndpoints.setForDevice(
      'alice',
      'dev-1',
      { calls: 'https://push/c1', rooms: 'https://push/r1' },
      expiresAt,
    );
    await store.pushEndpoints.setForDevice(
      'alice',
      'dev-2',
      { calls: 'https://push/c2', rooms: 'https://push/r2' },
      expiresAt,
    );
    await store.pushEndpoints.deleteForDevice('alice', 'dev-1');
    assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'calls'), ['https://push/c2']);
    assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'rooms'), ['https://push/r2']);
  });

  spec(
    "deleteUrl removes the URL from every device and topic of that user, and from no one else's",
    async ({ store, clock }) => {
      const expiresAt = clock.now() + MINUTE;
      const gone = 'https://push/gone';
      await store.pushEndpoints.setForDevice('alice', 'dev-1', { calls: gone, rooms: 'https://push/r1' }, expiresAt);
      await store.pushEndpoints.setForDevice('alice', 'dev-2', { calls: 'https://push/c2', rooms: gone }, expiresAt);
      await store.pushEndpoints.setForDevice('bob', 'dev-3', { calls: gone }, expiresAt);

      await store.pushEndpoints.deleteUrl('alice', gone);

      assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'calls'), ['https://push/c2']);
      assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'rooms'), ['https://push/r1']);
      assert.deepEqual(await store.pushEndpoints.listForUser('bob', 'calls'), [gone]);
    },
  );

  spec("deleteForUser removes all of the user's devices and leaves other users alone", async ({ store, clock }) => {
    const expiresAt = clock.now() + MINUTE;
    await store.pushEndpoints.setForDevice(
      'alice',
      'dev-1',
      { calls: 'https://push/a1', rooms: 'https://push/ar1' },
      expiresAt,
    );
    await store.pushEndpoints.setForDevice('alice', 'dev-2', { calls: 'https://push/a2' }, expiresAt);
    await store.pushEndpoints.setForDevice('bob', 'dev-3', { calls: 'https://push/b1' }, expiresAt);
    await store.pushEndpoints.deleteForUser('alice');
    assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'calls'), []);
    assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'rooms'), []);
    assert.deepEqual(await store.pushEndpoints.listForUser('bob', 'calls'), ['https://push/b1']);
  });

  spec('keeps users apart even when they use the same device id', async ({ store, clock }) => {
    const expiresAt = clock.now() + MINUTE;
    await store.pushEndpoints.setForDevice('alice', 'dev-1', { calls: 'https://push/alice' }, expiresAt);
    await store.pushEndpoints.setForDevice('bob', 'dev-1', { calls: 'https://push/bob' }, expiresAt);
    assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'calls'), ['https://push/alice']);
    assert.deepEqual(await store.pushEndpoints.listForUser('bob', 'calls'), ['https://push/bob']);

    await store.pushEndpoints.deleteForDevice('alice', 'dev-1');
    await store.pushEndpoints.touchDevice('alice', 'dev-1', expiresAt + MINUTE);
    assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'calls'), []);
    assert.deepEqual(await store.pushEndpoints.listForUser('bob', 'calls'), ['https://push/bob']);
  });
}

/** A subscription with distinct keys per endpoint, so a test that mixes two subscriptions up fails. */
function aSubscription(
  endpoint: string,
  topics: WebPushSubscription['topics'] = ['calls', 'rooms'],
): WebPushSubscription {
  return { endpoint, p256dh: `p256dh-of-${endpoint}`, auth: `auth-of-${endpoint}`, topics };
}

function describeWebPushSubscriptions(spec: Spec): void {
  const endpoints = (list: WebPushSubscription[]): string[] => list.map((s) => s.endpoint).sort();

  spec('round-trips every field and lists the subscription under each topic it asked for', async ({ store, clock }) => {
    const subscription = aSubscription('https://wp/a1', ['calls']);
    await store.pushEndpoints.setWebPushForDevice('alice', 'dev-1', subscription, clock.now() + MINUTE);
    assert.deepEqual(await store.pushEndpoints.listWebPushForUser('alice', 'calls'), [subscription]);
    assert.deepEqual(await store.pushEndpoints.listWebPushForUser('alice', 'rooms'), []);
    assert.deepEqual(await store.pushEndpoints.listWebPushForUser('bob', 'calls'), []);
  });

  spec('listTargetsForUser gives both lists of one topic in one read', async ({ store, clock }) => {
    const subscription = aSubscription('https://wp/a1', ['calls']);
    await store.pushEndpoints.setWebPushForDevice('alice', 'dev-1', subscription, clock.now() + MINUTE);
    await store.pushEndpoints.setForDevice(
      'alice',
      'dev-2',
      { calls: 'https://push/c2', rooms: 'https://push/r2' },
      clock.now() + MINUTE,
    );
    await store.pushEndpoints.setForDevice('alice', 'dev-3', { calls: 'https://push/c3' }, clock.now() + 1);
    clock.advance(2);
    assert.deepEqual(await store.pushEndpoints.listTargetsForUser('alice', 'calls'), {
      simplePushUrls: ['https://push/c2'],
      webPushSubscriptions: [subscription],
    });
    assert.deepEqual(await store.pushEndpoints.listTargetsForUser('alice', 'rooms'), {
      simplePushUrls: ['https://push/r2'],
      webPushSubscriptions: [],
    });
    assert.deepEqual(await store.pushEndpoints.listTargetsForUser('bob', 'calls'), {
      simplePushUrls: [],
      webPushSubscriptions: [],
    });
  });

  spec('one subscription per device: registering again replaces it', async ({ store, clock }) => {
    await store.pushEndpoints.setWebPushForDevice(
      'alice',
      'dev-1',
      aSubscription('https://wp/old'),
      clock.now() + MINUTE,
    );
    const fresh = aSubscription('https://wp/new', ['rooms']);
    await store.pushEndpoints.setWebPushForDevice('alice', 'dev-1', fresh, clock.now() + MINUTE);
    assert.deepEqual(await store.pushEndpoints.listWebPushForUser('alice', 'calls'), []);
    assert.deepEqual(await store.pushEndpoints.listWebPushForUser('alice', 'rooms'), [fresh]);
  });

  spec('lists every device of the user, de-duplicated by endpoint', async ({ store, clock }) => {
    const expiresAt = clock.now() + MINUTE;
    await store.pushEndpoints.setWebPushForDevice('alice', 'dev-1', aSubscription('https://wp/shared'), expiresAt);
    await store.pushEndpoints.setWebPushForDevice('alice', 'dev-2', aSubscription('https://wp/shared'), expiresAt);
    await store.pushEndpoints.setWebPushForDevice('alice', 'dev-3', aSubscription('https://wp/own'), expiresAt);
    assert.deepEqual(endpoints(await store.pushEndpoints.listWebPushForUser('alice', 'calls')), [
      'https://wp/own',
      'https://wp/shared',
    ]);
  });

  spec('SimplePush URLs and the subscription of a device live side by side', async ({ store, clock }) => {
    const expiresAt = clock.now() + MINUTE;
    await store.pushEndpoints.setForDevice('alice', 'dev-1', { calls: 'https://push/c1' }, expiresAt);
    await store.pushEndpoints.setWebPushForDevice('alice', 'dev-1', aSubscription('https://wp/a1'), expiresAt);
    await store.pushEndpoints.setForDevice('alice', 'dev-1', { rooms: 'https://push/r1' }, expiresAt);
    assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'calls'), ['https://push/c1']);
    assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'rooms'), ['https://push/r1']);
    assert.deepEqual(endpoints(await store.pushEndpoints.listWebPushForUser('alice', 'calls')), ['https://wp/a1']);
  });

  spec(
    'expires with the device; any write to the device moves the expiry of all its endpoints',
    async ({ store, clock }) => {
      await store.pushEndpoints.setWebPushForDevice(
        'alice',
        'dev-1',
        aSubscription('https://wp/a1'),
        clock.now() + MINUTE,
      );
      await store.pushEndpoints.setForDevice('alice', 'dev-1', { calls: 'https://push/c1' }, clock.now() + 10 * MINUTE);
      await store.pushEndpoints.setWebPushForDevice(
        'alice',
        'dev-2',
        aSubscription('https://wp/a2'),
        clock.now() + MINUTE,
      );
      clock.advance(MINUTE);
      assert.deepEqual(endpoints(await store.pushEndpoints.listWebPushForUser('alice', 'calls')), ['https://wp/a1']);
      await store.pushEndpoints.setWebPushForDevice(
        'alice',
        'dev-1',
        aSubscription('https://wp/a1'),
        clock.now() + 30 * MINUTE,
      );
      clock.advance(20 * MINUTE);
      assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'calls'), ['https://push/c1']);
      assert.deepEqual(endpoints(await store.pushEndpoints.listWebPushForUser('alice', 'calls')), ['https://wp/a1']);
    },
  );

  spec(
    "an expired device's old subscription does not come back when it registers URLs again",
    async ({ store, clock }) => {
      await store.pushEndpoints.setWebPushForDevice(
        'alice',
        'dev-1',
        aSubscription('https://wp/a1'),
        clock.now() + MINUTE,
      );
      clock.advance(2 * MINUTE);
      await store.pushEndpoints.setForDevice('alice', 'dev-1', { calls: 'https://push/c1' }, clock.now() + MINUTE);
      assert.deepEqual(await store.pushEndpoints.listWebPushForUser('alice', 'calls'), []);
    },
  );

  spec('touchDevice extends the subscription and does not revive an expired one', async ({ store, clock }) => {
    await store.pushEndpoints.setWebPushForDevice(
      'alice',
      'dev-1',
      aSubscription('https://wp/a1'),
      clock.now() + MINUTE,
    );
    await store.pushEndpoints.setWebPushForDevice(
      'alice',
      'dev-2',
      aSubscription('https://wp/a2'),
      clock.now() + MINUTE,
    );
    await store.pushEndpoints.touchDevice('alice', 'dev-1', clock.now() + 10 * MINUTE);
    clock.advance(5 * MINUTE);
    assert.deepEqual(endpoints(await store.pushEndpoints.listWebPushForUser('alice', 'calls')), ['https://wp/a1']);
    await store.pushEndpoints.touchDevice('alice', 'dev-2', clock.now() + 10 * MINUTE);
    assert.deepEqual(endpoints(await store.pushEndpoints.listWebPushForUser('alice', 'calls')), ['https://wp/a1']);
  });

  spec("deleteForDevice removes the device's subscription and URLs only", async ({ store, clock }) => {
    const expiresAt = clock.now() + MINUTE;
    await store.pushEndpoints.setForDevice('alice', 'dev-1', { calls: 'https://push/c1' }, expiresAt);
    await store.pushEndpoints.setWebPushForDevice('alice', 'dev-1', aSubscription('https://wp/a1'), expiresAt);
    await store.pushEndpoints.setWebPushForDevice('alice', 'dev-2', aSubscription('https://wp/a2'), expiresAt);
    await store.pushEndpoints.deleteForDevice('alice', 'dev-1');
    assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'calls'), []);
    assert.deepEqual(endpoints(await store.pushEndpoints.listWebPushForUser('alice', 'calls')), ['https://wp/a2']);
  });

  spec("deleteUrl removes the user's subscriptions with that endpoint, and no one else's", async ({ store, clock }) => {
    const expiresAt = clock.now() + MINUTE;
    const gone = 'https://wp/gone';
    await store.pushEndpoints.setWebPushForDevice('alice', 'dev-1', aSubscription(gone), expiresAt);
    await store.pushEndpoints.setForDevice('alice', 'dev-1', { calls: 'https://push/c1' }, expiresAt);
    await store.pushEndpoints.setWebPushForDevice('alice', 'dev-2', aSubscription('https://wp/a2'), expiresAt);
    await store.pushEndpoints.setWebPushForDevice('bob', 'dev-3', aSubscription(gone), expiresAt);

    await store.pushEndpoints.deleteUrl('alice', gone);

    assert.deepEqual(endpoints(await store.pushEndpoints.listWebPushForUser('alice', 'calls')), ['https://wp/a2']);
    assert.deepEqual(
      await store.pushEndpoints.listForUser('alice', 'calls'),
      ['https://push/c1'],
      'the device keeps its other endpoints',
    );
    assert.deepEqual(endpoints(await store.pushEndpoints.listWebPushForUser('bob', 'calls')), [gone]);
  });

  spec("deleteForUser removes the user's subscriptions and leaves other users alone", async ({ store, clock }) => {
    const expiresAt = clock.now() + MINUTE;
    await store.pushEndpoints.setWebPushForDevice('alice', 'dev-1', aSubscription('https://wp/a1'), expiresAt);
    await store.pushEndpoints.setWebPushForDevice('bob', 'dev-1', aSubscription('https://wp/b1'), expiresAt);
    await store.pushEndpoints.deleteForUser('alice');
    assert.deepEqual(await store.pushEndpoints.listWebPushForUser('alice', 'calls'), []);
    assert.deepEqual(endpoints(await store.pushEndpoints.listWebPushForUser('bob', 'calls')), ['https://wp/b1']);
  });
}

function describeCallUrls(spec: Spec): void {
  spec('round-trips every field, with a null subject', async ({ store, clock }) => {
    const link = aCallUrl({ subject: null }, clock);
    await store.callUrls.create(link);
    assert.deepEqual(await store.callUrls.get(link.token), link);
  });

  spec('round-trips every field, with a subject', async ({ store, clock }) => {
    const link = aCallUrl({ subject: 'Dinner?', issuer: '', timestampSec: nowSec(clock) - 30 }, clock);
    await store.callUrls.create(link);
    assert.deepEqual(await store.callUrls.get(link.token), link);
  });

  spec('reads an unknown token as null', async ({ store }) => {
    assert.equal(await store.callUrls.get('nosuchtoken'), null);
  });

  spec('expires when the clock reaches expiresSec (in seconds)', async ({ store, clock }) => {
    const link = aCallUrl({ expiresSec: nowSec(clock) + 60 }, clock);
    await store.callUrls.create(link);
    clock.set(link.expiresSec * 1000 - 1);
    assert.deepEqual(await store.callUrls.get(link.token), link);
    assert.equal((await store.callUrls.listForUser(link.user)).length, 1);
    clock.set(link.expiresSec * 1000);
    assert.equal(await store.callUrls.get(link.token), null);
    assert.deepEqual(await store.callUrls.listForUser(link.user), []);
  });

  spec("listForUser returns the user's live links, oldest first", async ({ store, clock }) => {
    const now = nowSec(clock);
    const middle = aCallUrl({ user: 'alice', timestampSec: now - 20 }, clock);
    const newest = aCallUrl({ user: 'alice', timestampSec: now - 10 }, clock);
    const oldest = aCallUrl({ user: 'alice', timestampSec: now - 30 }, clock);
    const expired = aCallUrl({ user: 'alice', timestampSec: now - 40, expiresSec: now + 1 }, clock);
    const bobs = aCallUrl({ user: 'bob', timestampSec: now - 25 }, clock);
    for (const link of [middle, newest, oldest, expired, bobs]) await store.callUrls.create(link);
    clock.advance(SECOND);

    assert.deepEqual(await store.callUrls.listForUser('alice'), [oldest, middle, newest]);
    assert.deepEqual(await store.callUrls.listForUser('bob'), [bobs]);
    assert.deepEqual(await store.callUrls.listForUser('nobody'), []);
  });

  spec('countForUser counts the live links of one user', async ({ store, clock }) => {
    const now = nowSec(clock);
    for (const link of [
      aCallUrl({ user: 'alice' }, clock),
      aCallUrl({ user: 'alice' }, clock),
      aCallUrl({ user: 'alice', expiresSec: now + 1 }, clock),
      aCallUrl({ user: 'bob' }, clock),
    ])
      await store.callUrls.create(link);
    assert.equal(await store.callUrls.countForUser('alice'), 3);
    clock.advance(SECOND);
    assert.equal(await store.callUrls.countForUser('alice'), 2);
    assert.equal(await store.callUrls.countForUser('bob'), 1);
    assert.equal(await store.callUrls.countForUser('nobody'), 0);
  });

  spec('update replaces a live record and returns true', async ({ store, clock }) => {
    const link = aCallUrl({ user: 'alice', subject: null }, clock);
    await store.callUrls.create(link);
    clock.advance(MINUTE);
    const updated = {
      ...link,
      callerId: 'new caller',
      issuer: 'New Issuer',
      subject: 'New subject',
      timestampSec: nowSec(clock),
      expiresSec: link.expiresSec + 3600,
    };
    assert.equal(await store.callUrls.update(updated), true);
    assert.deepEqual(await store.callUrls.get(link.token), updated);
    assert.deepEqual(await store.callUrls.listForUser('alice'), [updated]);
  });

  spec('update can set the subject back to null', async ({ store, clock }) => {
    const link = aCallUrl({ subject: 'Lunch' }, clock);
    await store.callUrls.create(link);
    assert.equal(await store.callUrls.update({ ...link, subject: null }), true);
    assert.deepEqual(await store.callUrls.get(link.token), { ...link, subject: null });
  });

  spec('update returns false for an unknown token and creates nothing', async ({ store, clock }) => {
    const link = aCallUrl({}, clock);
    assert.equal(await store.callUrls.update(link), false);
    assert.equal(await store.callUrls.get(link.token), null);
  });

  spec('update returns false for an expired link and does not revive it', async ({ store, clock }) => {
    const link = aCallUrl({ expiresSec: nowSec(clock) + 60 }, clock);
    await store.callUrls.create(link);
    clock.advance(61 * SECOND);
    assert.equal(await store.callUrls.update({ ...link, expiresSec: nowSec(clock) + 3600 }), false);
    assert.equal(await store.callUrls.get(link.token), null);
  });

  spec('update returns false for a deleted link', async ({ store, clock }) => {
    const link = aCallUrl({}, clock);
    await store.callUrls.create(link);
    await store.callUrls.delete(link.token);
    assert.equal(await store.callUrls.update(link), false);
    assert.equal(await store.callUrls.get(link.token), null);
  });

  spec('create over an expired link with the same token stores the new one', async ({ store, clock }) => {
    const old = aCallUrl({ expiresSec: nowSec(clock) + 60 }, clock);
    await store.callUrls.create(old);
    clock.advance(2 * MINUTE);
    const fresh = aCallUrl({ token: old.token, user: 'bob' }, clock);
    await store.callUrls.create(fresh);
    assert.deepEqual(await store.callUrls.get(old.token), fresh);
    assert.deepEqual(await store.callUrls.listForUser(old.user), []);
  });

  spec('delete removes that link only', async ({ store, clock }) => {
    const gone = aCallUrl({ user: 'alice' }, clock);
    const kept = aCallUrl({ user: 'alice' }, clock);
    await store.callUrls.create(gone);
    await store.callUrls.create(kept);
    await store.callUrls.delete(gone.token);
    assert.equal(await store.callUrls.get(gone.token), null);
    assert.deepEqual(await store.callUrls.listForUser('alice'), [kept]);
    await store.callUrls.delete('nosuchtoken');
  });

  spec("deleteForUser removes the user's links and no one else's", async ({ store, clock }) => {
    const alices = [aCallUrl({ user: 'alice' }, clock), aCallUrl({ user: 'alice' }, clock)];
    const bobs = aCallUrl({ user: 'bob' }, clock);
    for (const link of [...alices, bobs]) await store.callUrls.create(link);
    await store.callUrls.deleteForUser('alice');
    for (const link of alices) assert.equal(await store.callUrls.get(link.token), null);
    assert.deepEqual(await store.callUrls.listForUser('alice'), []);
    assert.deepEqual(await store.callUrls.get(bobs.token), bobs);
    assert.deepEqual(await store.callUrls.listForUser('bob'), [bobs]);
  });
}

function describeCalls(spec: Spec): void {
  spec('round-trips every field of a direct call (null link fields)', async ({ store, clock }) => {
    const call = aCall(
      { callType: 'audio', subject: null, callToken: null, urlCreationDateSec: null, reason: null },
      clock,
    );
    await store.calls.create(call);
    assert.deepEqual(await store.calls.get(call.callId), call);
  });

  spec('round-trips every field of a link call', async ({ store, clock }) => {
    const call = aCall(
      {
        callType: 'audio-video',
        subject: 'Catch up',
        callToken: 'tokLinkCall',
        urlCreationDateSec: nowSec(clock) - 3600,
        state: 'half-connected',
        reason: 'busy',
      },
      clock,
    );
    await store.calls.create(call);
    assert.deepEqual(await store.calls.get(call.callId), call);
  });

  spec('reads an unknown call as null', async ({ store }) => {
    assert.equal(await store.calls.get('0'.repeat(32)), null);
  });

  spec('reads a call as null once the clock reaches expiresAt', async ({ store, clock }) => {
    const call = aCall({ user: 'alice', expiresAt: clock.now() + MINUTE }, clock);
    await store.calls.create(call);
    clock.advance(MINUTE - 1);
    assert.deepEqual(await store.calls.get(call.callId), call);
    assert.deepEqual(await store.calls.listForUser('alice', 0), [call]);
    clock.advance(1);
    assert.equal(await store.calls.get(call.callId), null);
    assert.deepEqual(await store.calls.listForUser('alice', 0), []);
  });

  spec(
    "listForUser returns the user's live, non-terminated calls since sinceSec, oldest first",
    async ({ store, clock }) => {
      const now = nowSec(clock);
      const at = (timestampSec: number, extra: Partial<CallRecord> = {}): CallRecord =>
        aCall({ user: 'alice', timestampSec, ...extra }, clock);
      const newest = at(now);
      const onTheBoundary = at(now - 20);
      const middle = at(now - 10);
      const tooOld = at(now - 21);
      const terminated = at(now - 5, { state: 'terminated' });
      const expired = at(now - 15, { expiresAt: clock.now() + SECOND });
      const connected = at(now - 12, { state: 'connected' });
      const bobs = aCall({ user: 'bob', timestampSec: now - 10 }, clock);
      for (const call of [newest, onTheBoundary, middle, tooOld, terminated, expired, connected, bobs]) {
        await store.calls.create(call);
      }
      clock.advance(SECOND);

      assert.deepEqual(await store.calls.listForUser('alice', now - 20), [onTheBoundary, connected, middle, newest]);
      assert.deepEqual(await store.calls.listForUser('alice', now + 1), []);
      assert.deepEqual(await store.calls.listForUser('bob', 0), [bobs]);
      assert.deepEqual(await store.calls.listForUser('nobody', 0), []);
    },
  );

  spec('a terminated call is still readable by id until it expires', async ({ store, clock }) => {
    const call = aCall({ state: 'terminated', reason: 'cancel' }, clock);
    await store.calls.create(call);
    assert.deepEqual(await store.calls.get(call.callId), call);
  });

  spec('round-trips every progress field', async ({ store, clock }) => {
    const call = aCall({ ...someProgress(clock.now()), version: 7 }, clock);
    await store.calls.create(call);
    assert.deepEqual(await store.calls.get(call.callId), call);
  });

  spec(
    'updateProgress writes the progress and bumps the version when the version matches',
    async ({ store, clock }) => {
      const call = aCall({}, clock);
      await store.calls.create(call);
      const progress = someProgress(clock.now());
      const updated = await store.calls.updateProgress(call.callId, 0, progress);
      const expected: CallRecord = { ...call, ...progress, version: 1 };
      assert.deepEqual(updated, expected);
      assert.deepEqual(await store.calls.get(call.callId), expected);
      const terminated = { ...progress, state: 'terminated' as const, reason: 'cancel', nextDeadlineAt: null };
      assert.deepEqual(await store.calls.updateProgress(call.callId, 1, terminated), {
        ...call,
        ...terminated,
        version: 2,
      });
    },
  );

  spec('updateProgress with a stale version changes nothing and returns null', async ({ store, clock }) => {
    const call = aCall({}, clock);
    await store.calls.create(call);
    await store.calls.updateProgress(call.callId, 0, someProgress(clock.now()));
    const stale = await store.calls.updateProgress(call.callId, 0, { ...call, state: 'terminated', reason: 'late' });
    assert.equal(stale, null);
    assert.equal((await store.calls.get(call.callId))?.state, 'alerting');
  });

  spec('updateProgress of an unknown or expired call returns null and creates nothing', async ({ store, clock }) => {
    assert.equal(await store.calls.updateProgress('f'.repeat(32), 0, someProgress(clock.now())), null);
    assert.equal(await store.calls.get('f'.repeat(32)), null);
    const call = aCall({ expiresAt: clock.now() + MINUTE }, clock);
    await store.calls.create(call);
    clock.advance(MINUTE);
    assert.equal(await store.calls.updateProgress(call.callId, 0, someProgress(clock.now())), null);
  });

  spec('of 20 concurrent updateProgress calls on one version, exactly one wins', async ({ store, clock }) => {
    const call = aCall({}, clock);
    await store.calls.create(call);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.calls.updateProgress(call.callId, 0, { ...someProgress(clock.now()), reason: `r${i}` }),
      ),
    );
    const winners = results.filter((result) => result !== null);
    assert.equal(winners.length, 1);
    assert.deepEqual(await store.calls.get(call.callId), winners[0]);
  });

  spec('a terminated progress stops the call being listed for its user', async ({ store, clock }) => {
    const call = aCall({ user: 'alice' }, clock);
    await store.calls.create(call);
    await store.calls.updateProgress(call.callId, 0, { ...call, state: 'terminated', reason: 'cancel' });
    assert.deepEqual(await store.calls.listForUser('alice', 0), []);
  });

  spec(
    'listDue returns live calls whose next deadline has passed, soonest first, up to limit',
    async ({ store, clock }) => {
      const now = clock.now();
      const due = (offset: number, extra: Partial<CallRecord> = {}) =>
        aCall({ ...someProgress(now), nextDeadlineAt: now + offset, ...extra }, clock);
      const late = due(-5 * SECOND);
      const later = due(-10 * SECOND);
      const exactlyNow = due(0);
      const future = due(SECOND);
      const none = aCall({}, clock);
      const expired = due(-20 * SECOND, { expiresAt: now });
      for (const call of [late, later, exactlyNow, future, none, expired]) await store.calls.create(call);

      assert.deepEqual(await store.calls.listDue(now, 10), [later.callId, late.callId, exactlyNow.callId]);
      assert.deepEqual(await store.calls.listDue(now, 2), [later.callId, late.callId]);
      assert.deepEqual(await store.calls.listDue(now - 30 * SECOND, 10), []);
      assert.equal(await store.calls.nextDeadline(), later.nextDeadlineAt, 'the expired call does not count');
    },
  );

  spec('nextDeadline is null without pending timers and follows updates', async ({ store, clock }) => {
    assert.equal(await store.calls.nextDeadline(), null);
    const call = aCall({}, clock);
    await store.calls.create(call);
    assert.equal(await store.calls.nextDeadline(), null);
    await store.calls.updateProgress(call.callId, 0, { ...call, nextDeadlineAt: clock.now() + MINUTE });
    assert.equal(await store.calls.nextDeadline(), clock.now() + MINUTE);
    await store.calls.updateProgress(call.callId, 1, { ...call, nextDeadlineAt: null });
    assert.equal(await store.calls.nextDeadline(), null);
  });

  spec(
    'findBySessionId finds the live call made on a provider session, with its progress',
    async ({ store, clock }) => {
      const link = aCall({ user: 'alice', sessionId: 'RM_link-session' }, clock);
      const direct = aCall({ user: 'bob', sessionId: 'RM_direct-session' }, clock);
      const other = aCall({ user: 'alice' }, clock);
      await store.calls.create(link, { findBySession: true });
      await store.calls.createForCallees(direct, ['bob', 'carol'], { findBySession: true });
      await store.calls.create(other, { findBySession: true });
      assert.deepEqual(await store.calls.findBySessionId('RM_link-session'), link);
      assert.deepEqual(await store.calls.findBySessionId('RM_direct-session'), direct);
      assert.equal(await store.calls.findBySessionId('RM_unknown'), null);
      const ended = await store.calls.updateProgress(link.callId, 0, {
        ...link,
        state: 'terminated',
        reason: 'cancel',
      });
      assert.deepEqual(
        await store.calls.findBySessionId('RM_link-session'),
        ended,
        'a terminated call is still found, as it now is',
      );
    },
  );

  spec(
    'a call with a callee token minted again and derived websocket tokens stores none (null reads back null)',
    async ({ store, clock }) => {
      const derived = { calleeToken: null, wsCallerToken: null, wsCalleeToken: null };
      const minted = aCall({ user: 'alice', ...derived }, clock);
      const direct = aCall({ user: 'bob', ...derived }, clock);
      await store.calls.create(minted);
      await store.calls.createForCallees(direct, ['bob', 'carol']);
      assert.deepEqual(await store.calls.get(minted.callId), minted);
      assert.deepEqual(await store.calls.listForUser('carol', 0), [direct]);
      const ended = await store.calls.updateProgress(minted.callId, 0, {
        ...minted,
        state: 'terminated',
        reason: 'cancel',
      });
      assert.equal(ended?.calleeToken, null);
      assert.deepEqual(await store.calls.get(minted.callId), ended);
    },
  );

  spec('findBySessionId reads null once the call expires or is deleted', async ({ store, clock }) => {
    const short = aCall({ user: 'alice', sessionId: 'session-short', expiresAt: clock.now() + MINUTE }, clock);
    const deleted = aCall({ user: 'bob', sessionId: 'session-deleted', expiresAt: clock.now() + 2 * MINUTE }, clock);
    await store.calls.create(short, { findBySession: true });
    await store.calls.create(deleted, { findBySession: true });
    clock.advance(MINUTE - 1);
    assert.deepEqual(await store.calls.findBySessionId('session-short'), short);
    clock.advance(1);
    assert.equal(await store.calls.findBySessionId('session-short'), null);
    await store.sweep();
    assert.equal(await store.calls.findBySessionId('session-short'), null);
    await store.calls.deleteForUser('bob');
    assert.equal(await store.calls.findBySessionId('session-deleted'), null);
  });

  spec(
    'listCallees: the owner of a link call; every callee of a direct call, owner first',
    async ({ store, clock }) => {
      const link = aCall({ user: 'alice' }, clock);
      const direct = aCall({ user: 'bob' }, clock);
      await store.calls.create(link);
      await store.calls.createForCallees(direct, ['bob', 'carol', 'dave']);
      assert.deepEqual(await store.calls.listCallees(link.callId), ['alice']);
      assert.deepEqual(await store.calls.listCallees(direct.callId), ['bob', 'carol', 'dave']);
      assert.deepEqual(await store.calls.listCallees('0'.repeat(32)), []);
      // A terminated call keeps its callees: that is when they are told it ended.
      await store.calls.updateProgress(direct.callId, 0, { ...direct, state: 'terminated', reason: 'timeout' });
      assert.deepEqual(await store.calls.listCallees(direct.callId), ['bob', 'carol', 'dave']);
    },
  );

  spec(
    'listCallees follows deleteForUser and reassignUser, and is empty once the call expires',
    async ({ store, clock }) => {
      const direct = aCall({ user: 'bob', expiresAt: clock.now() + MINUTE }, clock);
      await store.calls.createForCallees(direct, ['bob', 'anon-1', 'carol']);
      await store.calls.deleteForUser('bob');
      assert.deepEqual(await store.calls.listCallees(direct.callId), ['anon-1', 'carol']);
      await store.calls.reassignUser('anon-1', 'dave');
      assert.deepEqual((await store.calls.listCallees(direct.callId)).sort(), ['carol', 'dave']);
      clock.advance(MINUTE);
      assert.deepEqual(await store.calls.listCallees(direct.callId), []);
    },
  );

  spec("deleteForUser removes the user's calls and no one else's", async ({ store, clock }) => {
    const alices = [aCall({ user: 'alice' }, clock), aCall({ user: 'alice' }, clock)];
    const bobs = aCall({ user: 'bob' }, clock);
    for (const call of [...alices, bobs]) await store.calls.create(call);
    await store.calls.deleteForUser('alice');
    for (const call of alices) assert.equal(await store.calls.get(call.callId), null);
    assert.deepEqual(await store.calls.listForUser('alice', 0), []);
    assert.deepEqual(await store.calls.get(bobs.callId), bobs);
    assert.deepEqual(await store.calls.listForUser('bob', 0), [bobs]);
  });
}

/** A progress value with every field away from its default, so a backend that drops one fails. */
function someProgress(now: number): CallProgress {
  return {
    state: 'alerting',
    reason: null,
    joined: { caller: true, callee: true },
    mediaUp: { caller: false, callee: true },
    devices: { caller: 1, callee: 3 },
    deadlines: { supervisory: now + 10 * SECOND, ringing: now + 30 * SECOND, connection: null },
    nextDeadlineAt: now + 30 * SECOND,
  };
}

function describeNonces(spec: Spec): void {
  spec('remember returns true for a new key and false on a replay while it is live', async ({ store, clock }) => {
    const expiresAt = clock.now() + MINUTE;
    assert.equal(await store.nonces.remember('id:nonce-1', expiresAt), true);
    assert.equal(await store.nonces.remember('id:nonce-1', expiresAt), false);
    clock.advance(MINUTE - 1);
    assert.equal(await store.nonces.remember('id:nonce-1', expiresAt), false);
  });

  spec('keys are independent', async ({ store, clock }) => {
    const expiresAt = clock.now() + MINUTE;
    assert.equal(await store.nonces.remember('id:nonce-1', expiresAt), true);
    assert.equal(await store.nonces.remember('id:nonce-2', expiresAt), true);
    assert.equal(await store.nonces.remember('other-id:nonce-1', expiresAt), true);
  });

  spec('remember returns true again once the key has expired, and remembers it anew', async ({ store, clock }) => {
    assert.equal(await store.nonces.remember('id:nonce-1', clock.now() + MINUTE), true);
    clock.advance(MINUTE);
    assert.equal(await store.nonces.remember('id:nonce-1', clock.now() + MINUTE), true);
    clock.advance(MINUTE - 1);
    assert.equal(await store.nonces.remember('id:nonce-1', clock.now() + MINUTE), false);
  });

  spec('of 20 concurrent remembers of one key, exactly one wins', async ({ store, clock }) => {
    const expiresAt = clock.now() + MINUTE;
    const results = await Promise.all(Array.from({ length: 20 }, () => store.nonces.remember('id:raced', expiresAt)));
    assert.equal(results.filter((won) => won).length, 1);
  });
}

function describeSessionNonces(spec: Spec): void {
  spec('getAndRememberNonce reads the live session and says whether its nonce is new', async ({ store, clock }) => {
    const session = aSession({}, clock);
    await store.sessions.create(session);
    const expiresAt = clock.now() + MINUTE;
    assert.deepEqual(await store.sessions.getAndRememberNonce(session.hawkIdHmac, '1:a', expiresAt), {
      session,
      fresh: true,
    });
    assert.deepEqual(await store.sessions.getAndRememberNonce(session.hawkIdHmac, '1:a', expiresAt), {
      session,
      fresh: false,
    });
    clock.advance(MINUTE - 1);
    assert.equal((await store.sessions.getAndRememberNonce(session.hawkIdHmac, '1:a', expiresAt))?.fresh, false);
    clock.advance(1);
    assert.equal(
      (await store.sessions.getAndRememberNonce(session.hawkIdHmac, '1:a', clock.now() + MINUTE))?.fresh,
      true,
      'an expired nonce is new again',
    );
  });

  spec('a nonce belongs to its session', async ({ store, clock }) => {
    const alice = aSession({}, clock);
    const bob = aSession({}, clock);
    await store.sessions.create(alice);
    await store.sessions.create(bob);
    const expiresAt = clock.now() + MINUTE;
    assert.equal((await store.sessions.getAndRememberNonce(alice.hawkIdHmac, '1:a', expiresAt))?.fresh, true);
    assert.equal((await store.sessions.getAndRememberNonce(bob.hawkIdHmac, '1:a', expiresAt))?.fresh, true);
    assert.equal((await store.sessions.getAndRememberNonce(alice.hawkIdHmac, '1:b', expiresAt))?.fresh, true);
    assert.equal(await store.nonces.remember('1:a', expiresAt), true, 'one-time tokens are apart from session nonces');
  });

  spec('an unknown or expired session reads as null and remembers nothing', async ({ store, clock }) => {
    const session = aSession({ expiresAt: clock.now() + MINUTE }, clock);
    assert.equal(await store.sessions.getAndRememberNonce(session.hawkIdHmac, '1:a', clock.now() + MINUTE), null);
    await store.sessions.create(session);
    assert.equal(
      (await store.sessions.getAndRememberNonce(session.hawkIdHmac, '1:a', clock.now() + MINUTE))?.fresh,
      true,
      "the stranger's nonce was not written",
    );
    clock.advance(MINUTE);
    assert.equal(await store.sessions.getAndRememberNonce(session.hawkIdHmac, '1:b', clock.now() + MINUTE), null);
  });

  spec('forgetNonce makes a remembered nonce new again', async ({ store, clock }) => {
    const session = aSession({}, clock);
    await store.sessions.create(session);
    const expiresAt = clock.now() + MINUTE;
    await store.sessions.getAndRememberNonce(session.hawkIdHmac, '1:a', expiresAt);
    await store.sessions.forgetNonce(session.hawkIdHmac, '1:a');
    assert.equal((await store.sessions.getAndRememberNonce(session.hawkIdHmac, '1:a', expiresAt))?.fresh, true);
    await store.sessions.forgetNonce(session.hawkIdHmac, 'never-remembered');
  });

  spec('of 20 concurrent requests with one nonce, exactly one is fresh', async ({ store, clock }) => {
    const session = aSession({}, clock);
    await store.sessions.create(session);
    const expiresAt = clock.now() + MINUTE;
    const results = await Promise.all(
      Array.from({ length: 20 }, () => store.sessions.getAndRememberNonce(session.hawkIdHmac, '1:raced', expiresAt)),
    );
    assert.equal(results.filter((result) => result?.fresh).length, 1);
  });

  spec('a new store knows every nonce: no timestamp floor', async ({ store }) => {
    assert.equal(store.sessions.noncesKnownSince, 0);
  });

  spec('sweep forgets expired session nonces and keeps live ones', async ({ store, clock }) => {
    const session = aSession({ expiresAt: clock.now() + 10 * MINUTE }, clock);
    await store.sessions.create(session);
    const start = clock.now();
    await store.sessions.getAndRememberNonce(session.hawkIdHmac, 'dead', start + MINUTE);
    await store.sessions.getAndRememberNonce(session.hawkIdHmac, 'live', start + 5 * MINUTE);
    clock.set(start + MINUTE);
    await store.sweep();
    clock.set(start);
    assert.equal((await store.sessions.getAndRememberNonce(session.hawkIdHmac, 'dead', start + MINUTE))?.fresh, true);
    assert.equal((await store.sessions.getAndRememberNonce(session.hawkIdHmac, 'live', start + MINUTE))?.fresh, false);
  });
}

function describeLifecycle(spec: Spec): void {
  spec('ping succeeds on a working store, repeatedly', async ({ store }) => {
    await store.ping();
    await store.ping();
  });

  spec('kind names the backend', async ({ store }) => {
    assert.equal(typeof store.kind, 'string');
    assert.notEqual(store.kind, '');
  });

  // Reads already hide expired records, so the clock is turned back after the sweep: anything the
  // sweep failed to delete would show up again.
  spec('sweep deletes expired records of every resource and keeps live ones', async ({ store, clock }) => {
    const start = clock.now();
    const shortLived = start + MINUTE;
    const longLived = start + 10 * MINUTE;

    const deadSession = aSession({ expiresAt: shortLived }, clock);
    const liveSession = aSession({ expiresAt: longLived }, clock);
    const deadLink = aCallUrl({ user: 'alice', expiresSec: nowSec(clock) + 60 }, clock);
    const liveLink = aCallUrl({ user: 'alice', expiresSec: nowSec(clock) + 600 }, clock);
    const deadCall = aCall({ user: 'alice', expiresAt: shortLived }, clock);
    const liveCall = aCall({ user: 'alice', expiresAt: longLived }, clock);
    await store.sessions.create(deadSession);
    await store.sessions.create(liveSession);
    await store.callUrls.create(deadLink);
    await store.callUrls.create(liveLink);
    await store.calls.create(deadCall);
    await store.calls.create(liveCall);
    await store.pushEndpoints.setForDevice('alice', 'dev-dead', { calls: 'https://push/dead' }, shortLived);
    await store.pushEndpoints.setForDevice('alice', 'dev-live', { calls: 'https://push/live' }, longLived);
    await store.pushEndpoints.setWebPushForDevice('alice', 'dev-dead-wp', aSubscription('https://wp/dead'), shortLived);
    await store.pushEndpoints.setWebPushForDevice('alice', 'dev-live-wp', aSubscription('https://wp/live'), longLived);
    await store.nonces.remember('id:dead', shortLived);
    await store.nonces.remember('id:live', longLived);

    clock.set(shortLived);
    await store.sweep();
    clock.set(start);

    assert.equal(await store.sessions.get(deadSession.hawkIdHmac), null);
    assert.deepEqual(await store.sessions.get(liveSession.hawkIdHmac), liveSession);
    assert.equal(await store.callUrls.get(deadLink.token), null);
    assert.deepEqual(await store.callUrls.listForUser('alice'), [liveLink]);
    assert.equal(await store.calls.get(deadCall.callId), null);
    assert.deepEqual(await store.calls.listForUser('alice', 0), [liveCall]);
    assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'calls'), ['https://push/live']);
    assert.deepEqual(await store.pushEndpoints.listWebPushForUser('alice', 'calls'), [
      aSubscription('https://wp/live'),
    ]);
    assert.equal(await store.nonces.remember('id:dead', shortLived), true, 'a swept nonce is new again');
    assert.equal(await store.nonces.remember('id:live', longLived), false, 'a live nonce survives the sweep');
  });

  spec('sweep on an empty store succeeds', async ({ store }) => {
    await store.sweep();
  });

  spec('close may be called twice', async ({ store }) => {
    await store.close();
    await store.close();
  });

  spec('operations after close reject instead of hanging', async ({ store, clock }) => {
    await store.close();
    await assert.rejects(store.sessions.get('any'));
    await assert.rejects(store.nonces.remember('id:nonce', clock.now() + MINUTE));
    await assert.rejects(store.ping());
  });
}

function describeDurability(open: OpenStore, reopen: NonNullable<StoreContractOptions['reopen']>): void {
  void it('every resource survives closing and reopening the store', async () => {
    const clock = new ManualClock();
    let store = await open(clock);
    try {
      const session = aSession({ userMac: 'alice', encryptedIdentity: 'v1.nonce.sealed' }, clock);
      const link = aCallUrl({ user: 'alice', subject: 'Dinner?' }, clock);
      const call = aCall(
        {
          user: 'alice',
          callToken: link.token,
          urlCreationDateSec: link.timestampSec,
          ...someProgress(clock.now()),
          version: 3,
        },
        clock,
      );
      await store.sessions.create(session);
      await store.callUrls.create(link);
      await store.calls.create(call, { findBySession: true });
      await store.pushEndpoints.setForDevice(
        'alice',
        session.hawkIdHmac,
        { calls: 'https://push/c', rooms: 'https://push/r' },
        session.expiresAt,
      );
      const subscription = aSubscription('https://wp/alice', ['rooms']);
      await store.pushEndpoints.setWebPushForDevice('alice', session.hawkIdHmac, subscription, session.expiresAt);
      await store.nonces.remember('id:nonce', clock.now() + MINUTE);
      await store.sessions.getAndRememberNonce(session.hawkIdHmac, '1:hawk', clock.now() + MINUTE);
      const oauth = {
        hawkIdHmac: session.hawkIdHmac,
        state: 's',
        codeVerifier: 'v',
        encryptedAccessToken: 'v1.n.t',
        expiresAt: session.expiresAt,
      };
      await store.oauthStates.put(oauth);
      const direct = aCall({ user: 'bob' }, clock);
      await store.calls.createForCallees(direct, ['bob', 'carol']);

      store = await reopen(store, clock);

      assert.deepEqual(await store.oauthStates.get(session.hawkIdHmac), oauth);
      assert.deepEqual(await store.calls.listForUser('carol', 0), [direct]);

      assert.deepEqual(await store.sessions.get(session.hawkIdHmac), session);
      assert.deepEqual(await store.callUrls.get(link.token), link);
      assert.deepEqual(await store.callUrls.listForUser('alice'), [link]);
      assert.deepEqual(await store.calls.get(call.callId), call);
      assert.deepEqual(await store.calls.findBySessionId(call.sessionId), call);
      assert.deepEqual(await store.calls.listCallees(direct.callId), ['bob', 'carol']);
      assert.deepEqual(
        await store.calls.listDue(call.nextDeadlineAt ?? 0, 10),
        [call.callId],
        'a pending deadline survives a restart',
      );
      assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'calls'), ['https://push/c']);
      assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'rooms'), ['https://push/r']);
      assert.deepEqual(await store.pushEndpoints.listWebPushForUser('alice', 'rooms'), [subscription]);
      assert.equal(
        await store.nonces.remember('id:nonce', clock.now() + MINUTE),
        false,
        'a restart must not reopen replays',
      );
      assert.equal(
        (await store.sessions.getAndRememberNonce(session.hawkIdHmac, '1:hawk', clock.now() + MINUTE))?.fresh,
        false,
        'a clean restart keeps the session nonces',
      );
      assert.equal(store.sessions.noncesKnownSince, 0, 'after a clean close, no timestamp floor');
      await store.ping();
    } finally {
      await store.close();
    }
  });
}
