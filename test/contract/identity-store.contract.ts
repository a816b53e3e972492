/**
 * Contract cases for signed-in users (part of `runStoreContract`): sessions signing in, their OAuth state,
 * data moving from an anonymous owner key to an account, and direct calls listed for several callees.
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { OAuthStateRecord } from '../../src/identity/oauth-state-record.ts';
import { aCall, aCallUrl, aSession } from '../helpers/factories.ts';
import type { Spec } from './store.contract.ts';

const MINUTE = 60_000;

function anOAuthState(
  hawkIdHmac: string,
  expiresAt: number,
  overrides: Partial<OAuthStateRecord> = {},
): OAuthStateRecord {
  return {
    hawkIdHmac,
    state: `state-${hawkIdHmac}`,
    codeVerifier: `verifier-${hawkIdHmac}`,
    encryptedAccessToken: null,
    expiresAt,
    ...overrides,
  };
}

export function describeIdentityStore(spec: Spec): void {
  void describe('sessions signing in', () => {
    spec('round-trips a registered session with its sealed identity', async ({ store, clock }) => {
      const session = aSession({ userMac: 'alice', encryptedIdentity: 'v1.nonce.sealed' }, clock);
      await store.sessions.create(session);
      assert.deepEqual(await store.sessions.get(session.hawkIdHmac), session);
    });

    spec('signIn turns a live anonymous session into a registered one', async ({ store, clock }) => {
      const session = aSession({}, clock);
      await store.sessions.create(session);
      assert.equal(await store.sessions.signIn(session.hawkIdHmac, 'alice', 'v1.n.c'), true);
      assert.deepEqual(await store.sessions.get(session.hawkIdHmac), {
        ...session,
        userMac: 'alice',
        encryptedIdentity: 'v1.n.c',
      });
    });

    spec('signIn of an unknown or expired session changes nothing', async ({ store, clock }) => {
      assert.equal(await store.sessions.signIn('no-such-hawk-id', 'alice', 'v1.n.c'), false);
      const session = aSession({ expiresAt: clock.now() + MINUTE }, clock);
      await store.sessions.create(session);
      clock.advance(MINUTE);
      assert.equal(await store.sessions.signIn(session.hawkIdHmac, 'alice', 'v1.n.c'), false);
      assert.equal(await store.sessions.get('no-such-hawk-id'), null);
    });
  });

  void describe('oauthStates', () => {
    spec('round-trips, replaces, and expires', async ({ store, clock }) => {
      const session = aSession({}, clock);
      await store.sessions.create(session);
      const first = anOAuthState(session.hawkIdHmac, clock.now() + MINUTE);
      await store.oauthStates.put(first);
      assert.deepEqual(await store.oauthStates.get(session.hawkIdHmac), first);
      const second = { ...first, state: 'rotated', codeVerifier: 'verifier-2', encryptedAccessToken: 'v1.n.t' };
      await store.oauthStates.put(second);
      assert.deepEqual(await store.oauthStates.get(session.hawkIdHmac), second);
      clock.advance(MINUTE);
      assert.equal(await store.oauthStates.get(session.hawkIdHmac), null);
    });

    spec('is not stored for an unknown session', async ({ store, clock }) => {
      await store.oauthStates.put(anOAuthState('no-such-hawk-id', clock.now() + MINUTE));
      assert.equal(await store.oauthStates.get('no-such-hawk-id'), null);
    });

    spec('survives signIn, and goes with its session (delete and deleteForUser)', async ({ store, clock }) => {
      const [a, b] = [aSession({}, clock), aSession({ userMac: 'bob' }, clock)];
      for (const session of [a, b]) {
        await store.sessions.create(session);
        await store.oauthStates.put(anOAuthState(session.hawkIdHmac, clock.now() + MINUTE));
      }
      await store.sessions.signIn(a.hawkIdHmac, 'alice', 'v1.n.c');
      assert.notEqual(await store.oauthStates.get(a.hawkIdHmac), null);
      await store.sessions.delete(a.hawkIdHmac);
      await store.sessions.deleteForUser('bob');
      assert.equal(await store.oauthStates.get(a.hawkIdHmac), null);
      assert.equal(await store.oauthStates.get(b.hawkIdHmac), null);
      // A new session reusing the key must not inherit a state.
      await store.sessions.create(aSession({ hawkIdHmac: a.hawkIdHmac }, clock));
      assert.equal(await store.oauthStates.get(a.hawkIdHmac), null);
    });
  });

  void describe('reassignUser (an anonymous device signs in)', () => {
    spec(
      'moves links, push registrations and calls from one owner to another, and nothing else',
      async ({ store, clock }) => {
        const expiresAt = clock.now() + MINUTE;
        const link = aCallUrl({ user: 'anon-1' }, clock);
        const accountLink = aCallUrl({ user: 'alice' }, clock);
        const otherLink = aCallUrl({ user: 'anon-2' }, clock);
        for (const record of [link, accountLink, otherLink]) await store.callUrls.create(record);
        await store.pushEndpoints.setForDevice('anon-1', 'anon-1', { calls: 'https://push/new-device' }, expiresAt);
        await store.pushEndpoints.setForDevice('alice', 'dev-1', { calls: 'https://push/old-device' }, expiresAt);
        await store.pushEndpoints.setForDevice('anon-2', 'anon-2', { calls: 'https://push/other' }, expiresAt);
        const subscription = {
          endpoint: 'https://webpush/new-device',
          p256dh: 'p256dh-key',
          auth: 'auth-secret',
          topics: ['calls' as const],
        };
        await store.pushEndpoints.setWebPushForDevice('anon-1', 'anon-1', subscription, expiresAt);
        const call = aCall({ user: 'anon-1' }, clock);
        await store.calls.create(call);

        await store.callUrls.reassignUser('anon-1', 'alice');
        await store.pushEndpoints.reassignUser('anon-1', 'alice');
        await store.calls.reassignUser('anon-1', 'alice');

        // Same second: creation order decides, so the moved link (created first) comes first.
        assert.deepEqual(await store.callUrls.listForUser('alice'), [{ ...link, user: 'alice' }, accountLink]);
        assert.deepEqual(await store.callUrls.listForUser('anon-1'), []);
        assert.deepEqual(await store.callUrls.listForUser('anon-2'), [otherLink]);
        assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'calls'), [
          'https://push/new-device',
          'https://push/old-device',
        ]);
        assert.deepEqual(await store.pushEndpoints.listForUser('anon-1', 'calls'), []);
        assert.deepEqual(await store.pushEndpoints.listForUser('anon-2', 'calls'), ['https://push/other']);
        assert.deepEqual(await store.pushEndpoints.listWebPushForUser('alice', 'calls'), [subscription]);
        assert.deepEqual(await store.pushEndpoints.listWebPushForUser('anon-1', 'calls'), []);
        assert.deepEqual(await store.calls.listForUser('alice', 0), [{ ...call, user: 'alice' }]);
        assert.deepEqual(await store.calls.listForUser('anon-1', 0), []);
        // The moved device is still that device: deleting it by its new owner works.
        await store.pushEndpoints.deleteForDevice('alice', 'anon-1');
        assert.deepEqual(await store.pushEndpoints.listForUser('alice', 'calls'), ['https://push/old-device']);
      },
    );

    spec('of an owner with nothing is a no-op', async ({ store }) => {
      await store.callUrls.reassignUser('nobody', 'alice');
      await store.pushEndpoints.reassignUser('nobody', 'alice');
      await store.calls.reassignUser('nobody', 'alice');
      assert.deepEqual(await store.callUrls.listForUser('alice'), []);
    });
  });

  void describe('direct calls (createForCallees)', () => {
    spec('one call, listed for every callee, read once by id', async ({ store, clock }) => {
      const call = aCall({ user: 'bob' }, clock);
      await store.calls.createForCallees(call, ['bob', 'carol']);
      assert.deepEqual(await store.calls.get(call.callId), call);
      assert.deepEqual(await store.calls.listForUser('bob', 0), [call]);
      assert.deepEqual(await store.calls.listForUser('carol', 0), [call]);
      assert.deepEqual(await store.calls.listForUser('dave', 0), []);
    });

    spec('expires for every callee at once', async ({ store, clock }) => {
      const call = aCall({ user: 'bob', expiresAt: clock.now() + MINUTE }, clock);
      await store.calls.createForCallees(call, ['bob', 'carol']);
      clock.advance(MINUTE);
      await store.sweep();
      assert.deepEqual(await store.calls.listForUser('carol', 0), []);
      assert.equal(await store.calls.get(call.callId), null);
    });

    spec("one callee's deleteForUser leaves the call listed for the others", async ({ store, clock }) => {
      const call = aCall({ user: 'bob' }, clock);
      await store.calls.createForCallees(call, ['bob', 'carol']);
      await store.calls.deleteForUser('bob');
      assert.deepEqual(await store.calls.listForUser('bob', 0), []);
      const [listed] = await store.calls.listForUser('carol', 0);
      assert.equal(listed?.callId, call.callId);
      await store.calls.deleteForUser('carol');
      assert.deepEqual(await store.calls.listForUser('carol', 0), []);
      assert.equal(await store.calls.get(call.callId), null);
    });

    spec('reassignUser moves a listing too', async ({ store, clock }) => {
      const call = aCall({ user: 'bob' }, clock);
      await store.calls.createForCallees(call, ['bob', 'anon-1']);
      await store.calls.reassignUser('anon-1', 'carol');
      assert.deepEqual(
        (await store.calls.listForUser('carol', 0)).map((c) => c.callId),
        [call.callId],
      );
      assert.deepEqual(await store.calls.listForUser('anon-1', 0), []);
    });
  });
}
