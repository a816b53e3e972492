/**
 * Bytes of Redis memory per stored call link, call, room and room participant, measured with MEMORY USAGE on records shaped
 * like the server's own (real token generators, the built-in provider's signed tokens, keyed-hash user ids),
 * written through the real Redis store. Compare with the 2016 server's sizing of about 1,365 bytes per call.
 *
 *   npm run bench:memory                       (redis://127.0.0.1:6379/4 — the database is flushed!)
 *   LOOP_BENCH_REDIS_URL=redis://host:port/db npm run bench:memory
 */
import { initialProgress } from '../src/calls/call-state.ts';
import { randomBytes, randomUUID } from 'node:crypto';
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
import { sealAccount } from '../src/rooms/room-account.ts';
import type { RoomParticipant, RoomRecord } from '../src/rooms/room-record.ts';

const URL = process.env.LOOP_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/4';
const USERS = 200;
const PER_USER = 10;
const ROOMS_PER_USER = 2;
/** Participants in each of those rooms: the default LOOP_ROOM_MAX_SIZE. */
const PER_ROOM = 5;
const LARGE_ROOM = 10_000;
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

// --- Rooms (as POST /rooms stores them: an encrypted name, as the web app makes it) ---
const memoryBeforeRooms = await usedMemory();
const rooms: RoomRecord[] = [];
for (const user of users) {
  for (let i = 0; i < ROOMS_PER_USER; i++) {
    const session = await provider.createSession();
    const now = nowSec(systemClock);
    const room: RoomRecord = {
      roomToken: newCallToken(),
      user,
      roomOwner: 'Alice Example',
      roomName: null,
      // base64(12-byte IV ‖ AES-GCM of {"roomName":"Friday dinner"} ‖ 16-byte tag), wrappedKey empty (web/shared/room-name-crypto.ts).
      context: { value: randomBytes(12 + 26 + 16).toString('base64'), alg: 'AES-GCM', wrappedKey: '' },
      maxSize: 5,
      expiresInHours: 1344,
      channel: 'default',
      provider: provider.name,
      apiKey: provider.apiKey,
      sessionId: session.sessionId,
      creationTimeSec: now,
      updateTimeSec: now,
      expiresAtSec: now + 1344 * 3600,
    };
    await store.rooms.create(room);
    rooms.push(room);
  }
}
const roomRecords = await usage(rooms.map((room) => keys.room(room.roomToken)));
const roomIndexes = await usage(users.map(keys.userRooms));
const roomUsed = (await usedMemory()) - memoryBeforeRooms;

/** Participations as a join stores them: half signed in (owner key, sealed identity), half anonymous. */
function aParticipation(roomToken: string, n: number): RoomParticipant {
  const signedIn = n % 2 === 0;
  const now = systemClock.now();
  return {
    roomToken,
    participantHmac: keyedHash(secret, `room-participant/session\n${randomHex(32)}`),
    roomConnectionId: randomUUID(),
    displayName: signedIn ? 'Bob Example' : 'Guest',
    clientMaxSize: 5,
    user: signedIn ? keyedHash(secret, `user-${n}@example.com`) : null,
    account: signedIn ? sealAccount({ secrets: { userMacSecret: secret } }, roomToken, `user-${n}@example.com`) : null,
    joinedAt: now,
    expiresAt: now + 300_000,
  };
}
async function join(participant: RoomParticipant): Promise<void> {
  const { version } = await store.rooms.listParticipants(participant.roomToken);
  if ((await store.rooms.addParticipant(participant, version)) !== 'added') throw new Error('join refused');
}

// Full rooms of the default size: every participant's share of its room's list and of `rdl`.
const memoryBeforeParticipants = await usedMemory();
let participantCount = 0;
for (const room of rooms) {
  for (let i = 0; i < PER_ROOM; i++) await join(aParticipation(room.roomToken, participantCount++));
}
const participantLists = await usage(rooms.map((room) => keys.roomParticipants(room.roomToken)));
const participantDeadlines = await usage([keys.participantDeadlines()]);
const participantUsed = (await usedMemory()) - memoryBeforeParticipants;

// One large room (an operator with an SFU raising LOOP_ROOM_MAX_SIZE): its list outgrows the compact encoding.
const large = rooms[0];
if (!large) throw new Error('no room');
const deadlinesBeforeLarge = await usage([keys.participantDeadlines()]);
const largeListBefore = await usage([keys.roomParticipants(large.roomToken)]);
const memoryBeforeLarge = await usedMemory();
// The version is known here (one join at a time), so the list is not read back before each join as the join
// use case does: that read is the whole list, and would make this loop quadratic.
let largeVersion = (await store.rooms.listParticipants(large.roomToken)).version;
for (let i = 0; i < LARGE_ROOM; i++) {
  const result = await store.rooms.addParticipant(aParticipation(large.roomToken, participantCount++), largeVersion++);
  if (result !== 'added') throw new Error(`join refused: ${result}`);
}
const largeList = (await usage([keys.roomParticipants(large.roomToken)])) - largeListBefore;
const largeDeadlines = (await usage([keys.participantDeadlines()])) - deadlinesBeforeLarge;
const largeUsed = (await usedMemory()) - memoryBeforeLarge;

const per = (bytes: number, count: number) => Math.round(bytes / count);
const participants = rooms.length * PER_ROOM;
const rows = [
  ['call link', per(linkRecords, links.length), per(linkIndexes, links.length), per(linkUsed, links.length)],
  ['call', per(callRecords, calls.length), per(callIndexes, calls.length), per(callUsed, calls.length)],
  ['room', per(roomRecords, rooms.length), per(roomIndexes, rooms.length), per(roomUsed, rooms.length)],
  [
    `participant (${PER_ROOM} a room)`,
    per(participantLists, participants),
    per(participantDeadlines, participants),
    per(participantUsed, participants),
  ],
  [
    `participant (${LARGE_ROOM} in one room)`,
    per(largeList, LARGE_ROOM),
    per(largeDeadlines, LARGE_ROOM),
    per(largeUsed, LARGE_ROOM),
  ],
] as const;
console.log(
  `Redis memory per stored item (${links.length} links, ${calls.length} calls and ${rooms.length} rooms over ${USERS} users, ` +
    `${participants} participants ${PER_ROOM} a room, then ${LARGE_ROOM} in one room; ${URL.replace(/\/\/[^@]*@/, '//')})`,
);
console.log('item                               record (list)  indexes (rdl)  total (MEMORY USAGE)  used_memory delta');
for (const [item, record, index, used] of rows) {
  console.log(
    `${item.padEnd(34)} ${String(record).padStart(13)}  ${String(index).padStart(13)}  ${String(record + index).padStart(20)}  ${String(used).padStart(17)}`,
  );
}
const callTotal = rows[1][1] + rows[1][2];
const sample = (await redis.get(keys.call(calls[0]?.callId ?? ''))) ?? '';
console.log(
  `sample call record: ${Buffer.byteLength(sample)} bytes stored (of which calleeToken ${calls[0]?.calleeToken.length ?? 0}, owner ${sample.indexOf('\n')} as stored)`,
);
console.log(`of the call's indexes, the session entry: ${per(sessionEntries, calls.length)} bytes`);
console.log(
  `2016 server: about ${HISTORICAL_BYTES_PER_CALL} bytes per call; now ${callTotal} (${Math.round((100 * callTotal) / HISTORICAL_BYTES_PER_CALL)} %)`,
);

await redis.flushdb();
await store.close();
await redis.quit();
