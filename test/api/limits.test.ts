/**
 * Rate limits and caps against strangers: anonymous sessions per address, calls per link and per address
 * (429 errno 116 with Retry-After, nothing created), live links per user (403 errno 117), X-Forwarded-For
 * believed only from the proxies LOOP_TRUST_PROXY names, and counters shared by two instances on one Redis.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LoopClient, type LoopResponse } from '../../tools/loop-client.ts';
import { scrapedValue } from '../helpers/metrics.ts';
import { requireRedis, testRedis, testRedisUrl } from '../helpers/requirements.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const REDIS_DB = 6;

function assertLimited(response: LoopResponse, status: number, errno: number): void {
  assert.equal(response.status, status, response.text);
  assert.deepEqual(Object.keys(response.body as object).sort(), ['code', 'errno', 'error', 'message']);
  assert.equal((response.body as { errno: number }).errno, errno);
  if (status === 429) assert.match(response.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
}

// Checked before any server starts: a starting server keeps the event loop busy past the check's timeout.
const redisUp = await requireRedis('rate limits shared by two instances on one Redis');

const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });

async function linkOf(owner: LoopClient): Promise<string> {
  const response = await owner.request<{ callToken: string }>('POST', '/call-url', { body: { callerId: 'Alice' } });
  assert.equal(response.status, 200, response.text);
  return response.body.callToken;
}

void describe('rate limits and caps', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({
      env: {
        LOOP_TRUST_PROXY: '127.0.0.1',
        LOOP_RATE_LIMIT_SESSIONS_PER_MINUTE: '3',
        LOOP_RATE_LIMIT_CALLS_PER_LINK_PER_MINUTE: '2',
        LOOP_RATE_LIMIT_CALLS_PER_ADDRESS_PER_MINUTE: '3',
        LOOP_MAX_LINKS_PER_USER: '3',
      },
    });
  });
  after(() => server.close());

  void it('mints at most LOOP_RATE_LIMIT_SESSIONS_PER_MINUTE anonymous sessions per address', async () => {
    for (let i = 0; i < 3; i += 1) {
      const response = await new LoopClient(server.url).request('POST', '/registration', from('192.0.2.1'));
      assert.equal(response.status, 200, response.text);
    }
    const refused = await new LoopClient(server.url).request('POST', '/v0/registration', from('192.0.2.1'));
    assertLimited(refused, 429, 116);
    assert.equal(refused.headers.get('hawk-session-token'), null, 'no session minted');
    assert.equal(await scrapedValue(server.url, 'loop_rate_limited_total{limit="sessions"}'), 1, 'refusal counted');
    assert.equal(await scrapedValue(server.url, 'loop_rate_limited_total{limit="callsPerLink"}'), 0);
    // Another address (believed: the peer is the trusted proxy) has its own count...
    assert.equal((await new LoopClient(server.url).request('POST', '/registration', from('192.0.2.2'))).status, 200);
    // ...and a session that exists is not minted, so not counted.
    const known = new LoopClient(server.url);
    assert.equal((await known.register()).status, 200);
    assert.equal((await known.request('POST', '/registration', { body: {}, ...from('192.0.2.1') })).status, 200);
  });

  void it('limits calls per link and per address, without starting the refused calls', async () => {
    const bob = new LoopClient(server.url);
    await bob.register();
    const [first, second] = [await linkOf(bob), await linkOf(bob)];
    const call = (token: string, address: string) =>
      new LoopClient(server.url).request('POST', `/calls/${token}`, { body: { callType: 'audio' }, ...from(address) });
    assert.equal((await call(first, '198.51.100.1')).status, 200);
    assert.equal((await call(first, '198.51.100.2')).status, 200);
    assertLimited(await call(first, '198.51.100.3'), 429, 116); // third call on the link, whoever calls
    assert.equal((await call(second, '198.51.100.1')).status, 200);
    assert.equal((await call(second, '198.51.100.1')).status, 200);
    assertLimited(await call(second, '198.51.100.1'), 429, 116); // fourth call from that address
    assert.equal(await scrapedValue(server.url, 'loop_rate_limited_total{limit="callsPerLink"}'), 1);
    assert.equal(await scrapedValue(server.url, 'loop_rate_limited_total{limit="callsPerAddress"}'), 1);
    // A malformed request is refused before it counts.
    const malformed = await new LoopClient(server.url).request('POST', `/calls/${second}`, {
      body: { callType: 'nope' },
      ...from('198.51.100.9'),
    });
    assert.equal(malformed.status, 400);
    const calls = await bob.request<{ calls: unknown[] }>('GET', '/calls?version=0');
    assert.equal(calls.body.calls.length, 4, 'only the four accepted calls exist');
  });

  void it('caps live links per user at LOOP_MAX_LINKS_PER_USER with 403 errno 117', async () => {
    const carol = new LoopClient(server.url);
    await carol.register();
    const tokens = [await linkOf(carol), await linkOf(carol), await linkOf(carol)];
    assertLimited(await carol.request('POST', '/call-url', { body: { callerId: 'Alice' } }), 403, 117);
    assert.equal((await carol.request('DELETE', `/call-url/${tokens[0]}`)).status, 204);
    assert.equal((await carol.request('POST', '/call-url', { body: { callerId: 'Alice' } })).status, 200);
  });

  void describe('rooms', () => {
    let rooms: TestServer;
    before(async () => {
      rooms = await startTestServer({
        env: {
          LOOP_TRUST_PROXY: '127.0.0.1',
          LOOP_RATE_LIMIT_ROOM_JOINS_PER_ADDRESS_PER_MINUTE: '2',
          LOOP_MAX_ROOMS_PER_USER: '2',
        },
      });
    });
    after(() => rooms.close());

    void it('limits room joins per address, and only joins: refreshes go on', async () => {
      const owner = new LoopClient(rooms.url);
      await owner.register();
      const made = await owner.request<{ roomToken: string }>('POST', '/rooms', {
        body: { roomName: 'Team', roomOwner: 'Alice', maxSize: 5 },
      });
      assert.equal(made.status, 201, made.text);
      const join = () =>
        new LoopClient(rooms.url).request<{ sessionToken: string }>('POST', `/rooms/${made.body.roomToken}`, {
          body: { action: 'join', displayName: 'Guest', clientMaxSize: 5 },
          ...from('203.0.113.7'),
        });
      const first = await join();
      assert.equal(first.status, 200, first.text);
      assert.equal((await join()).status, 200);
      assertLimited(await join(), 429, 116);
      const basic = `Basic ${Buffer.from(`${first.body.sessionToken}:`).toString('base64')}`;
      for (let i = 0; i < 3; i += 1) {
        const refresh = await new LoopClient(rooms.url).request('POST', `/rooms/${made.body.roomToken}`, {
          body: { action: 'refresh' },
          headers: { authorization: basic, 'x-forwarded-for': '203.0.113.7' },
          hawk: false,
        });
        assert.equal(refresh.status, 200, refresh.text);
      }
      const room = await owner.request<{ participants: unknown[] }>('GET', `/rooms/${made.body.roomToken}`);
      assert.equal(room.body.participants.length, 2, 'the refused join let nobody in');
    });

    void it('caps rooms per user at LOOP_MAX_ROOMS_PER_USER with 403 errno 117', async () => {
      const dana = new LoopClient(rooms.url);
      await dana.register();
      const create = () =>
        dana.request<{ roomToken: string }>('POST', '/rooms', {
          body: { roomName: 'R', roomOwner: 'Dana', maxSize: 2 },
        });
      const [first] = [await create(), await create()];
      assert.equal(first?.status, 201);
      assertLimited(await create(), 403, 117);
      assert.equal((await dana.request('DELETE', `/rooms/${first?.body.roomToken}`)).status, 204);
      assert.equal((await create()).status, 201);
    });
  });

  void it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const untrusting = await startTestServer({ env: { LOOP_RATE_LIMIT_SESSIONS_PER_MINUTE: '2' } });
    try {
      const statuses: number[] = [];
      for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3'])
        statuses.push((await new LoopClient(untrusting.url).request('POST', '/registration', from(address))).status);
      assert.deepEqual(statuses, [200, 200, 429], 'all counted as the TCP peer');
    } finally {
      await untrusting.close();
    }
  });

  void it('turns a limit off with 0', async () => {
    const open = await startTestServer({ env: { LOOP_RATE_LIMIT_SESSIONS_PER_MINUTE: '0' } });
    try {
      for (let i = 0; i < 25; i += 1)
        assert.equal((await new LoopClient(open.url).request('POST', '/registration')).status, 200);
    } finally {
      await open.close();
    }
  });
});

if (redisUp)
  void describe('rate limits shared by two instances on one Redis', () => {
    const env = {
      LOOP_STORE_URL: testRedisUrl(REDIS_DB),
      LOOP_RATE_LIMIT_SESSIONS_PER_MINUTE: '4',
      LOOP_RATE_LIMIT_CALLS_PER_LINK_PER_MINUTE: '3',
    };
    let one: TestServer;
    let two: TestServer;
    before(async () => {
      const redis = testRedis(REDIS_DB);
      await redis.flushdb();
      redis.disconnect();
      one = await startTestServer({ env });
      two = await startTestServer({ env });
    });
    after(async () => {
      await one.close();
      await two.close();
    });

    void it('counts sessions minted on either instance against one limit', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i += 1) {
        const server = i % 2 === 0 ? one : two;
        statuses.push((await new LoopClient(server.url).request('POST', '/registration')).status);
      }
      assert.deepEqual(statuses, [200, 200, 200, 200, 429, 429]);
    });

    void it('counts calls on one link across instances, and keeps no token in Redis', async () => {
      const redis = testRedis(REDIS_DB);
      try {
        await redis.del(await redis.keys('rl:*sessions*')); // the previous test used this address's sessions
        const bob = new LoopClient(one.url);
        await bob.register();
        const token = await linkOf(bob);
        const statuses: number[] = [];
        for (let i = 0; i < 5; i += 1) {
          const server = i % 2 === 0 ? one : two;
          const response = await new LoopClient(server.url).request('POST', `/calls/${token}`, {
            body: { callType: 'audio' },
          });
          statuses.push(response.status);
        }
        assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
        const counters = await redis.keys('rl:*');
        assert.ok(counters.length > 0, 'the counters live in Redis');
        assert.ok(
          counters.every((key) => !key.includes(token)),
          `no link token in ${counters.join(' ')}`,
        );
      } finally {
        redis.disconnect();
      }
    });
  });
