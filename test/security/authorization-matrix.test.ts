/**
 * The authorization matrix, generated from the app's route table: every route × {owner, another user,
 * anonymous, deleted session}, each answered as its entry below says. A route with no entry fails the test,
 * so a new route cannot ship without saying who may call it. Both prefixes (`/` and `/v0`) run.
 *
 * owner: the anonymous Hawk session that owns the link and the call; other: another live session; anonymous:
 * no credentials; deleted: a session after DELETE /account. Sign-in is off on this server, so its routes are
 * 404 for all, and the routes for signed-in users refuse every one of these sessions (403).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LoopClient, type LoopResponse } from '../../tools/loop-client.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

type Principal = 'owner' | 'other' | 'anonymous' | 'deleted';
/** Destructive routes run the owner last. */
const PRINCIPALS: readonly Principal[] = ['other', 'anonymous', 'deleted', 'owner'];

interface World {
  owner: LoopClient;
  other: LoopClient;
  anonymous: LoopClient;
  deleted: LoopClient;
  linkToken: string;
  /** A room the owner made (`:token` in `/rooms/:token`). */
  roomToken: string;
  callId: string;
  websocketToken: string;
}

interface Entry {
  /**
   * The status each principal must get; `public`: the same for all four, never 401, 403 or 5xx (the web app's
   * files, whose status depends on whether the bundles are built).
   */
  expect: Record<Principal, number> | 'public';
  body?: (world: World) => unknown;
  query?: string;
  /** Extra check on the owner's and the other user's answers (e.g. a list holds only one's own). */
  check?: (world: World, principal: Principal, response: LoopResponse) => void;
}

const same = (status: number): Record<Principal, number> => ({
  owner: status,
  other: status,
  anonymous: status,
  deleted: status,
});
const hawk = (owner: number, other = owner): Record<Principal, number> => ({
  owner,
  other,
  anonymous: 401,
  deleted: 401,
});

/** Keyed by `METHOD path` as the route table names it, without the /v0 prefix; `:token` is the owner's link. */
const MATRIX: Record<string, Entry> = {
  'GET /': { expect: same(200) },
  'GET /__heartbeat__': { expect: same(200) },
  'GET /__lbheartbeat__': { expect: same(200) },
  'GET /push-server-config': { expect: same(200) },
  'GET /metrics': { expect: same(200) },
  'OPTIONS *': { expect: same(404) },
  'GET /c/:token': { expect: same(200) },
  'GET /r/:token': { expect: 'public' },
  // The API described: the document and its reference page are public.
  'GET /openapi.json': { expect: same(200) },
  'GET /docs': { expect: 'public' },
  'GET /docs/': { expect: 'public' },
  'GET /docs/js/scalar.js': { expect: 'public' },
  'GET /docs/init.js': { expect: 'public' },
  // Parameters, then Hawk, then 405 errno 999 for everyone with a session: no event is ever forwarded.
  'POST /event': {
    expect: hawk(405),
    body: () => ({ event: 'loop', action: 'open', label: 'panel' }),
  },
  'GET /assets/*': { expect: 'public' },
  'GET /app': { expect: 'public' },
  'GET /app/': { expect: 'public' },
  'GET /app/sw.js': { expect: 'public' },
  'GET /websocket': { expect: same(426) },
  'GET /events': { expect: same(426) },
  'GET /signalling': { expect: same(426) },
  // Anyone may register a device (an anonymous request mints a session); a deleted session may not.
  'POST /registration': { expect: { owner: 200, other: 200, anonymous: 200, deleted: 401 }, body: () => ({}) },
  'DELETE /registration': { expect: hawk(204) },
  'DELETE /session': { expect: hawk(403) },
  'DELETE /account': { expect: hawk(204) },
  'POST /fxa-oauth/params': { expect: same(404) },
  'POST /fxa-oauth/token': { expect: same(404), body: () => ({ code: 'c', state: 's' }) },
  'GET /fxa-oauth/token': { expect: same(404) },
  'GET /call-url': {
    expect: hawk(200),
    check: (world, principal, response) => {
      const tokens = (response.body as Array<{ callToken: string }>).map((link) => link.callToken);
      assert.equal(tokens.includes(world.linkToken), principal === 'owner', `${principal} sees the owner's link?`);
    },
  },
  'POST /call-url': { expect: hawk(200), body: () => ({ callerId: 'Alice' }) },
  'PUT /call-url/:token': { expect: hawk(200, 404), body: () => ({ callerId: 'Mallory' }) },
  // As in 2016: another user's link is 404 to PUT and 403 to DELETE; neither changes it.
  'DELETE /call-url/:token': { expect: hawk(204, 403) },
  'GET /calls': {
    expect: hawk(200),
    query: '?version=0',
    check: (world, principal, response) => {
      const ids = (response.body as { calls: Array<{ callId: string }> }).calls.map((call) => call.callId);
      assert.equal(ids.includes(world.callId), principal === 'owner', `${principal} sees the owner's call?`);
    },
  },
  'POST /calls': { expect: hawk(403), body: () => ({ calleeId: 'bob@example.com', callType: 'audio' }) },
  // A capability, not a session: the caller's websocket token opens it, whoever sends it.
  'POST /calls/id/:callId/cancel': { expect: same(404), body: () => ({ websocketToken: 'f'.repeat(32) }) },
  'GET /calls/:token': { expect: same(200) },
  'POST /calls/:token': { expect: same(200), body: () => ({ callType: 'audio' }) },
  'POST /events/ticket': { expect: hawk(200) },
  // Anyone with a session may make rooms; a list holds only one's own.
  'POST /rooms': { expect: hawk(201), body: () => ({ roomName: 'Team', roomOwner: 'Alice', maxSize: 5 }) },
  'GET /rooms': {
    expect: hawk(200),
    check: (world, principal, response) => {
      const tokens = (response.body as Array<{ roomToken: string }>).map((room) => room.roomToken);
      assert.equal(tokens.includes(world.roomToken), principal === 'owner', `${principal} sees the owner's room?`);
    },
  },
  // Bulk delete touches only one's own rooms: another user deletes none of them (404).
  'PATCH /rooms': {
    expect: { owner: 207, other: 404, anonymous: 401, deleted: 401 },
    body: (world) => ({ deleteRoomTokens: [world.roomToken] }),
  },
  // Without credentials a room shows its public info; with them, the owner's or a participant's only.
  'GET /rooms/:token': { expect: { owner: 200, other: 403, anonymous: 200, deleted: 401 } },
  'PATCH /rooms/:token': { expect: hawk(200, 403), body: () => ({ roomOwner: 'Mallory' }) },
  'DELETE /rooms/:token': { expect: hawk(204, 403) },
  // A link to a room lets anyone in who has it (spec §7.3); a deleted session's Hawk header is refused.
  'POST /rooms/:token': {
    expect: { owner: 200, other: 200, anonymous: 200, deleted: 401 },
    body: () => ({ action: 'join', displayName: 'Someone', clientMaxSize: 5 }),
  },
};

async function newWorld(url: string): Promise<World> {
  const owner = new LoopClient(url);
  const other = new LoopClient(url);
  const deleted = new LoopClient(url);
  for (const client of [owner, other, deleted]) assert.equal((await client.register()).status, 200);
  assert.equal((await deleted.request('DELETE', '/account')).status, 204);
  const link = await owner.request<{ callToken: string }>('POST', '/call-url', { body: { callerId: 'Alice' } });
  const call = await new LoopClient(url).request<{ callId: string; websocketToken: string }>(
    'POST',
    `/calls/${link.body.callToken}`,
    { body: { callType: 'audio' } },
  );
  assert.equal(call.status, 200, call.text);
  const room = await owner.request<{ roomToken: string }>('POST', '/rooms', {
    body: { roomName: 'Team', roomOwner: 'Alice', maxSize: 5 },
  });
  assert.equal(room.status, 201, room.text);
  return {
    owner,
    other,
    anonymous: new LoopClient(url),
    deleted,
    linkToken: link.body.callToken,
    roomToken: room.body.roomToken,
    callId: call.body.callId,
    websocketToken: call.body.websocketToken,
  };
}

void describe('authorization matrix over the route table', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  void it('has an entry for every route the app serves, and no entry for a route that is gone', () => {
    const served = new Set(
      server.app.routeTable.map((route) => `${route.method} ${route.url.replace(/^\/v0(?=\/|$)/, '') || '/'}`),
    );
    const missing = [...served].filter((key) => !(key in MATRIX));
    assert.deepEqual(missing, [], 'routes without an entry in the authorization matrix');
    assert.deepEqual(
      Object.keys(MATRIX).filter((key) => !served.has(key)),
      [],
      'entries for routes that are not served',
    );
  });

  for (const prefix of ['', '/v0']) {
    void it(`answers each route for each principal as its entry says (${prefix || 'root'})`, async () => {
      const routes = server.app.routeTable.filter((route) =>
        prefix ? route.url.startsWith('/v0') : !route.url.startsWith('/v0'),
      );
      const failures: string[] = [];
      for (const route of routes) {
        const key = `${route.method} ${route.url.replace(/^\/v0(?=\/|$)/, '') || '/'}`;
        const entry = MATRIX[key];
        if (!entry) continue; // reported by the test above
        const world = await newWorld(server.url);
        const path = (route.url === '*' ? '/calls' : route.url)
          .replace(':token', /^(\/v0)?\/(rooms|r)\//.test(route.url) ? world.roomToken : world.linkToken)
          .replace(':callId', world.callId)
          .replace('*', 'nothing-here.js')
          .concat(entry.query ?? '');
        const statuses = new Set<number>();
        for (const principal of PRINCIPALS) {
          const client = world[principal];
          const response = await client.request(route.method, path, {
            ...(entry.body ? { body: entry.body(world) } : {}),
            hawk: principal !== 'anonymous',
          });
          statuses.add(response.status);
          if (entry.expect === 'public') continue;
          if (response.status !== entry.expect[principal])
            failures.push(
              `${key} as ${principal}: ${response.status}, expected ${entry.expect[principal]} ${response.text.slice(0, 120)}`,
            );
          else if (entry.check && (principal === 'owner' || principal === 'other'))
            entry.check(world, principal, response);
        }
        if (
          entry.expect === 'public' &&
          (statuses.size !== 1 || [...statuses].some((s) => [401, 403].includes(s) || s >= 500))
        )
          failures.push(`${key}: public, but answered ${[...statuses].join(', ')}`);
      }
      assert.deepEqual(failures, []);
    });
  }
});
