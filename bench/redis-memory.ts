/**
 * Bytes of Redis memory per stored call link and per call, measured with MEMORY USAGE on records shaped
 * like the server's own (real token generators, the built-in provider's signed tokens, keyed-hash user ids),
 * written through the real Redis store. Compare with the 2016 server's sizing of about 1,365 bytes per call.
 *
 *   npm run bench:memory                       (redis://127.0.0.1:6379/4 — the database is flushed!)
 *   LOOP_BENCH_REDIS_URL=redis://host:port/db npm run bench:memory
 */
import { initialProgress } from '../src/calls/call-state.ts';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { systemClock, nowSec } from '../src/clock.ts';
import { parseStoreUrl } from '../src/config/store-url.ts';
import { newCallToken } from '../src/call-urls/call-token.ts';
import { keyedHash } from '../src/crypto/keyed-hash.ts';
import { randomHex } from '../src/crypto/random.ts';
import { BuiltinProvider } from '../src/providers/builtin/builtin-provider.ts';
import { openRedisConnection, waitUntilReady } from '../src/storage/redis/connect.ts';
import { keys } from '../src/storage/redis/keys.ts';
import { openRedisStore } from '../src/storage/redis/redis-store.ts';
import type { CallRecord } from '../src/calls/call-record.ts';
import type { CallUrlRecord } from '../src/call-urls/call-url-record.ts';

const URL = process.env.LOOP_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/4';
const USERS = 200;
const PER_USER = 10;
const HISTORICAL_BYTES_PER_CALL = 1365;

const parsed = parseStoreUrl(URL);
if (!parsed.ok || parsed.target.kind !== 'redis')
  throw new Error('LOOP_BENCH_REDIS_URL must be a standalone redis:// URL');
const redis = openRedisConnection(
  parsed.target,
  { commandTimeoutMs: 5000, reconnectMaxMs: 500 },
  pino({ level: 'warn' }),
);
await waitUntilReady(redis, 5000);
if (!('flushdb' in redis)) throw new Error('standalone Redis expected');
await redis.flushdb();

const store = openRedisStore({ redis, clock: systemClock });
const secret = randomBytes(32).toString('hex');
const provider = new BuiltinProvider({
  secret,
  clock: systemClock,
  tokenTtlSec: 3600,
  signallingUrl: 'ws://localhost:5000/signalling',
  ice: { stunUrls: [], turnUrls: [], turnSecret: '', turnTtlSec: 86400 },
});
const users = Array.from({ length: USERS }, (_, i) => keyedHash(secret, `user-${i}@example.com`));

async function usage(keyList: string[]): Promise<number> {
  const sizes = await Promise.all(keyList.map((key) => redis.memory('USAGE', key, 'SAMPLES', '0')));
  return sizes.reduce<number>((sum, size) => sum + Number(size ?? 0), 0);
}
async function usedMemory(): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

// --- Call links ---
const memoryBeforeLinks = await usedMemory();
const links: CallUrlRecord[] = [];
for (const user of users) {
  for (let i = 0; i < PER_USER; i++) {
    const now = nowSec(systemClock);
    const link: CallUrlRecord = {
      token: newCallToken(),
      user,
      callerId: 'alice@example.com',
      issuer: 'Bob Example',
      subject: i % 2 ? 'Dinner on Friday?' : null,
      timestampSec: now,
      expiresSec: now + 720 * 3600,
    };
    await store.callUrls.create(link);
    links.push(link);
  }
}
const linkRecords = await usage(links.map((link) => keys.callUrl(link.token)));
const linkIndexes = await usage(users.map(keys.userCallUrls));
const linkUsed = (await usedMemory()) - memoryBeforeLinks;

// --- Calls (link calls, as POST /calls/{token} stores them) ---
const memoryBeforeCalls = await usedMemory();
const calls: CallRecord[] = [];
for (const link of links) {
  const session = await provider.createSession();
  const callee = await provider.createParticipantToken(session, 'callee');
  const call: CallRecord = {
    callId: randomHex(16),
    user: link.user,
    callType: 'audio-video',
    subject: null,
    timestampSec: nowSec(systemClock),
    callerId: link.callerId,
    calleeFriendlyName: link.issuer,
    provider: provider.name,
    apiKey: provider.apiKey,
    sessionId: session.sessionId,
    calleeToken: callee.token,
    wsCallerToken: randomHex(16),
    wsCalleeToken: randomHex(16),
    callToken: link.token,
    urlCreationDateSec: link.timestampSec,
    ...initialProgress(),
    version: 0,
    expiresAt: systemClock.now() + 60_000,
  };
  await store.calls.create(call);
  calls.push(call);
}
const callRecords = await usage(calls.map((call) => keys.call(call.callId)));
// The user indexes' share, plus each call's `cs:{sessionId}` entry (found by provider session).
const sessionEntries = await usage(calls.map((call) => keys.callSession(call.sessionId)));
const callIndexes = (await usage(users.map(keys.userCalls))) + sessionEntries;
const callUsed = (await usedMemory()) - memoryBeforeCalls;

const per = (bytes: number, count: number) => Math.round(bytes / count);
const rows = [
  ['call link', per(linkRecords, links.length), per(linkIndexes, links.length), per(linkUsed, links.length)],
  ['call', per(callRecords, calls.length), per(callIndexes, calls.length), per(callUsed, calls.length)],
] as const;
console.log(
  `Redis memory per stored item (${links.length} links and ${calls.length} calls over ${USERS} users, ${URL.replace(/\/\/[^@]*@/, '//')})`,
);
console.log('item       record      indexes  total (MEMORY USAGE)  used_memory delta');
for (const [item, record, index, used] of rows) {
  console.log(
    `${item.padEnd(10)} ${String(record).padStart(6)}  ${String(index).padStart(11)}  ${String(record + index).padStart(20)}  ${String(used).padStart(17)}`,
  );
}
const callTotal = rows[1][1] + rows[1][2];
const sample = (await redis.get(keys.call(calls[0]?.callId ?? ''))) ?? '';
console.log(
  `sample call record: ${Buffer.byteLength(sample)} bytes stored (of which calleeToken ${calls[0]?.calleeToken.length ?? 0}, owner ${calls[0]?.user.length ?? 0})`,
);
console.log(`of the call's indexes, the session entry: ${per(sessionEntries, calls.length)} bytes`);
console.log(
  `2016 server: about ${HISTORICAL_BYTES_PER_CALL} bytes per call; now ${callTotal} (${Math.round((100 * callTotal) / HISTORICAL_BYTES_PER_CALL)} %)`,
);

await redis.flushdb();
await store.close();
await redis.quit();
