/**
 * The Lua scripts of the Redis store. Each touches only the keys it is given, all in one slot, so it is legal
 * on Redis Cluster; together with a key's hash tag that is what makes a multi-field or multi-key write
 * atomic. The exceptions, `createCall`, `participantAddIndexed` and `participantRefreshIndexed`, span slots
 * and are only run on a single node. Times are passed in from the store's clock: Redis's own clock never
 * decides expiry, it only drops keys after their TTL.
 */
import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';

export type RedisConnection = Redis | Cluster;

export interface LuaScript {
  readonly name: string;
  readonly lua: string;
  readonly sha: string;
}

function script(name: string, lua: string): LuaScript {
  return { name, lua, sha: createHash('sha1').update(lua).digest('hex') };
}

/** EVALSHA, falling back to EVAL once per node that has not cached the script yet (NOSCRIPT). */
export async function runScript(
  redis: RedisConnection,
  s: LuaScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  try {
    return await redis.evalsha(s.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
    return redis.eval(s.lua, keys.length, ...keys, ...args);
  }
}

// --- Records: a string "<owner>\n<expiresAt ms>\n<compact JSON>" ---

/** Shared prelude: splits a record into owner, expiresAt (number) and data; nil for a missing key. */
const PARSE_RECORD = `
local function parse(v)
  if not v then return nil end
  local o, e, d = string.match(v, '^([^\\n]*)\\n(%d+)\\n(.*)$')
  return o, tonumber(e), d
end
`;

/** ARGV: now, record, ttlMs. Returns 1 when a live record was replaced, else 0 (nothing written). */
export const replaceIfLive = script(
  'replaceIfLive',
  `${PARSE_RECORD}
local o, e = parse(redis.call('GET', KEYS[1]))
if not e or e <= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`,
);

/** ARGV: now, expiresAt, ttlMs. Moves a live record's expiry; returns its owner, or false when not live. */
export const extendIfLive = script(
  'extendIfLive',
  `${PARSE_RECORD}
local o, e, d = parse(redis.call('GET', KEYS[1]))
if not e or e <= tonumber(ARGV[1]) then return false end
redis.call('SET', KEYS[1], o .. '\\n' .. ARGV[2] .. '\\n' .. d, 'PX', ARGV[3])
return o`,
);

/**
 * KEYS: the record, then keys that go with it (same hash tag). ARGV: record, ttlMs. Writes the record and
 * deletes the others in one step: a new session never inherits an OAuth state left under the same id.
 */
export const writeReplacing = script(
  'writeReplacing',
  `
for i = 2, #KEYS do redis.call('DEL', KEYS[i]) end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`,
);

/**
 * ARGV: owner. Deletes the record only when that owner still holds it (the id may have been reused), with
 * any further KEYS that belong to it (same hash tag: a session's OAuth state).
 */
export const deleteIfOwner = script(
  'deleteIfOwner',
  `${PARSE_RECORD}
local o = parse(redis.call('GET', KEYS[1]))
if o == ARGV[1] then return redis.call('DEL', unpack(KEYS)) end
return 0`,
);

/** ARGV: expected value, new value. Compare-and-set of a whole record, keeping its TTL; 1 when written. */
export const replaceIfUnchanged = script(
  'replaceIfUnchanged',
  `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
return 1`,
);

/** KEYS: session, its OAuth state. ARGV: now, record, ttlMs. Writes the state only while the session is live. */
export const putIfSessionLive = script(
  'putIfSessionLive',
  `${PARSE_RECORD}
local o, e = parse(redis.call('GET', KEYS[1]))
if not e or e <= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
return 1`,
);

/** ARGV: now. Sweep: deletes the record when the store's clock says it has expired. */
export const deleteRecordIfExpired = script(
  'deleteRecordIfExpired',
  `${PARSE_RECORD}
local o, e = parse(redis.call('GET', KEYS[1]))
if e and e <= tonumber(ARGV[1]) then return redis.call('DEL', KEYS[1]) end
return 0`,
);

// --- Per-user indexes: sorted sets scored by each member's expiresAt ---

/**
 * Shared prelude: drops members the clock says are dead, adds or re-scores `member`, and sets the index's TTL
 * to its longest-lived member, so an index never outlives what it points to.
 */
const INDEX_ADD = `
local function index_add(k, now, score, member)
  redis.call('ZREMRANGEBYSCORE', k, '-inf', now)
  redis.call('ZADD', k, score, member)
  local last = redis.call('ZRANGE', k, -1, -1, 'WITHSCORES')
  local ttl = tonumber(last[2]) - now
  if ttl < 1 then ttl = 1 end
  redis.call('PEXPIRE', k, ttl)
end
`;

/** ARGV: now, expiresAt, member. */
export const indexAdd = script(
  'indexAdd',
  `${INDEX_ADD}
index_add(KEYS[1], tonumber(ARGV[1]), ARGV[2], ARGV[3])
return 1`,
);

/**
 * Shared prelude: the call-deadline index adds or re-scores a call, and keeps the key alive until its latest
 * deadline plus a grace period (so it has a TTL like every key, yet never loses an entry before it is due).
 */
const DEADLINE_ADD = `
local function deadline_add(k, now, at, member, grace)
  redis.call('ZADD', k, at, member)
  local last = redis.call('ZRANGE', k, -1, -1, 'WITHSCORES')
  local ttl = tonumber(last[2]) - now + grace
  if ttl < 1 then ttl = 1 end
  if redis.call('PTTL', k) < ttl then redis.call('PEXPIRE', k, ttl) end
end
`;

/** ARGV: now, deadline, member, graceMs. */
export const deadlineAdd = script(
  'deadlineAdd',
  `${DEADLINE_ADD}
deadline_add(KEYS[1], tonumber(ARGV[1]), ARGV[2], ARGV[3], tonumber(ARGV[4]))
return 1`,
);

/**
 * A new call in one step, for a single Redis node only (its keys are in several slots, which Redis Cluster
 * refuses in one script; there the store writes them one by one, indexes first). KEYS: the call record, its
 * session entry, the deadline index, then each callee's call index. ARGV: now, record, ttlMs, session entry,
 * callId, expiresAt, deadline ('' for none), deadline graceMs.
 */
export const createCall = script(
  'createCall',
  `${INDEX_ADD}${DEADLINE_ADD}
local now = tonumber(ARGV[1])
for i = 4, #KEYS do index_add(KEYS[i], now, ARGV[6], ARGV[5]) end
if ARGV[4] ~= '' then redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[3]) end
if ARGV[7] ~= '' then deadline_add(KEYS[3], now, ARGV[7], ARGV[5], tonumber(ARGV[8])) end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`,
);

/** ARGV: now. Sweep: drops members the clock says are dead (Redis deletes the key when none is left). */
export const indexTrim = script(
  'indexTrim',
  `
return redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]))`,
);

// --- Nonces: a string holding expiresAt ---

/** ARGV: now, expiresAt, ttlMs. 1 when the key was new (or expired by the clock), 0 on a live replay. */
export const rememberNonce = script(
  'rememberNonce',
  `
local e = redis.call('GET', KEYS[1])
if e and tonumber(e) > tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`,
);

/**
 * The Hawk read in one round trip. KEYS: the session, the request's nonce (same hash tag). ARGV: now,
 * expiresAt, ttlMs. Nil when the session is unknown or expired by the clock (nothing written); else
 * {session record, 1} after remembering the nonce, or {session record, 0} when it was live already (a replay).
 */
export const sessionGetRememberNonce = script(
  'sessionGetRememberNonce',
  `${PARSE_RECORD}
local v = redis.call('GET', KEYS[1])
local o, e = parse(v)
local now = tonumber(ARGV[1])
if not e or e <= now then return false end
local n = redis.call('GET', KEYS[2])
if n and tonumber(n) > now then return {v, 0} end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
return {v, 1}`,
);

/** ARGV: now. */
export const deleteNonceIfExpired = script(
  'deleteNonceIfExpired',
  `
local e = redis.call('GET', KEYS[1])
if e and tonumber(e) <= tonumber(ARGV[1]) then return redis.call('DEL', KEYS[1]) end
return 0`,
);

// --- Push endpoints: one hash per user: `e|<device>` → expiresAt, `<topic>|<device>` → SimplePush URL,
// `w|<device>` → the device's Web Push subscription as JSON [endpoint, p256dh, auth, topics] ---

/**
 * Shared prelude: drops every device the clock says is dead (all of its fields), then sets the key's TTL to
 * its longest-lived device, or deletes the key when none is left. Returns that latest expiry (0: none).
 */
const PRUNE_DEVICES = `
local function prune(k, now)
  local flat = redis.call('HGETALL', k)
  local dead, latest = {}, 0
  for i = 1, #flat, 2 do
    if string.sub(flat[i], 1, 2) == 'e|' then
      local e = tonumber(flat[i + 1])
      if e <= now then dead[string.sub(flat[i], 3)] = true elseif e > latest then latest = e end
    end
  end
  for i = 1, #flat, 2 do
    local bar = string.find(flat[i], '|', 1, true)
    if bar and dead[string.sub(flat[i], bar + 1)] then redis.call('HDEL', k, flat[i]) end
  end
  if latest == 0 then redis.call('DEL', k) else redis.call('PEXPIRE', k, latest - now) end
  return latest
end
`;

/**
 * ARGV: now, expiresAt, device, then field-kind/value pairs (a topic and its URL, or `w` and a subscription).
 * An expired device is dropped before the new values go in; the expiry then covers all of the device.
 */
export const pushSetDevice = script(
  'pushSetDevice',
  `${PRUNE_DEVICES}
local k, now, device = KEYS[1], tonumber(ARGV[1]), ARGV[3]
prune(k, now)
for i = 4, #ARGV, 2 do redis.call('HSET', k, ARGV[i] .. '|' .. device, ARGV[i + 1]) end
redis.call('HSET', k, 'e|' .. device, ARGV[2])
return prune(k, now)`,
);

/** ARGV: now, expiresAt, device. Extends a live device only. */
export const pushTouchDevice = script(
  'pushTouchDevice',
  `${PRUNE_DEVICES}
local k, now, device = KEYS[1], tonumber(ARGV[1]), ARGV[3]
local e = redis.call('HGET', k, 'e|' .. device)
if e and tonumber(e) > now then redis.call('HSET', k, 'e|' .. device, ARGV[2]) end
return prune(k, now)`,
);

/** ARGV: now, device. */
export const pushDeleteDevice = script(
  'pushDeleteDevice',
  `${PRUNE_DEVICES}
local k, now, suffix = KEYS[1], tonumber(ARGV[1]), '|' .. ARGV[2]
for _, field in ipairs(redis.call('HKEYS', k)) do
  if string.sub(field, -#suffix) == suffix then redis.call('HDEL', k, field) end
end
return prune(k, now)`,
);

/** ARGV: now, url. Removes that URL from every device and topic of the user, and subscriptions to that endpoint. */
export const pushDeleteUrl = script(
  'pushDeleteUrl',
  `${PRUNE_DEVICES}
local k, now = KEYS[1], tonumber(ARGV[1])
local flat = redis.call('HGETALL', k)
for i = 1, #flat, 2 do
  local kind, value = string.sub(flat[i], 1, 2), flat[i + 1]
  if kind == 'w|' then
    if cjson.decode(value)[1] == ARGV[2] then redis.call('HDEL', k, flat[i]) end
  elseif kind ~= 'e|' and value == ARGV[2] then
    redis.call('HDEL', k, flat[i])
  end
end
return prune(k, now)`,
);

/** ARGV: now. Sweep. */
export const pushPrune = script(
  'pushPrune',
  `${PRUNE_DEVICES}
return prune(KEYS[1], tonumber(ARGV[1]))`,
);

// --- Rooms: the record `r:{token}` (data "<updateTimeSec>\n<JSON>") and beside it the hash `rp:{token}` of
// its participations (participantHmac → "<expiresAt ms>\n<JSON>", `#v` → the list's version) ---

/** Shared prelude: keeps the participant hash (if any) alive for at least `ttl` ms, never shortening it. */
const KEEP_ALIVE = `
local function keep_alive(k, ttl)
  if redis.call('PTTL', k) < ttl and redis.call('EXISTS', k) == 1 then redis.call('PEXPIRE', k, ttl) end
end
`;

/** Shared prelude: a participation's deadline (ms) and JSON; nil for a missing field. */
const PARSE_PARTICIPANT = `
local function parse_participant(v)
  if not v then return nil end
  local e, d = string.match(v, '^(%d+)\\n(.*)$')
  return tonumber(e), d
end
`;

/**
 * KEYS: room, its participants. ARGV: now, record, ttlMs. Replaces a live room (PATCH); the participant list
 * (and its version) stays, kept alive as long as the room. 1 when replaced, else 0.
 */
export const roomReplaceIfLive = script(
  'roomReplaceIfLive',
  `${PARSE_RECORD}${KEEP_ALIVE}
local o, e = parse(redis.call('GET', KEYS[1]))
if not e or e <= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
keep_alive(KEYS[2], tonumber(ARGV[3]))
return 1`,
);

/**
 * KEYS: room, its participants. ARGV: now, updateTimeSec, expiresAt, ttlMs. Moves a live room's update time
 * and expiry (a join, leave or expiry); returns the new stored value, or false when the room is not live.
 */
export const roomTouch = script(
  'roomTouch',
  `${PARSE_RECORD}${KEEP_ALIVE}
local o, e, d = parse(redis.call('GET', KEYS[1]))
if not e or e <= tonumber(ARGV[1]) then return false end
local v = o .. '\\n' .. ARGV[3] .. '\\n' .. ARGV[2] .. '\\n' .. string.match(d, '^%d+\\n(.*)$')
redis.call('SET', KEYS[1], v, 'PX', ARGV[4])
keep_alive(KEYS[2], tonumber(ARGV[4]))
return v`,
);

/**
 * KEYS: room, its participants. ARGV: now ('' for any, live or not), owner ('' for any). Deletes the room
 * with its participant list in one step, so of concurrent callers exactly one gets it. Returns the deleted
 * record followed by each participantHmac and its deadline (for the deadline index), or false.
 */
export const roomDelete = script(
  'roomDelete',
  `${PARSE_RECORD}${PARSE_PARTICIPANT}
local v = redis.call('GET', KEYS[1])
local o, e = parse(v)
if not o then return false end
if ARGV[1] ~= '' and e <= tonumber(ARGV[1]) then return false end
if ARGV[2] ~= '' and o ~= ARGV[2] then return false end
local out = { v }
local flat = redis.call('HGETALL', KEYS[2])
for i = 1, #flat, 2 do
  if flat[i] ~= '#v' then
    out[#out + 1] = flat[i]
    out[#out + 1] = tostring(parse_participant(flat[i + 1]))
  end
end
redis.call('DEL', KEYS[1], KEYS[2])
return out`,
);

/** Shared prelude: the participant-deadline index is the call-deadline index's twin (`deadline_add`). */
const PARTICIPANT_ADD = `
local function participant_add(room, list, now, expected, hmac, value, deadline, grace)
  local o, e = parse(redis.call('GET', room))
  if not e or e <= now then return 'gone' end
  local version = tonumber(redis.call('HGET', list, '#v') or '0')
  if version ~= expected then return 'conflict' end
  redis.call('HSET', list, hmac, value, '#v', version + 1)
  local ttl = math.max(redis.call('PTTL', room), deadline - now + grace)
  if redis.call('PTTL', list) < ttl then redis.call('PEXPIRE', list, ttl) end
  return 'added'
end
`;

/**
 * KEYS: room, its participants. ARGV: now, expectedVersion, participantHmac, value, deadline, graceMs.
 * The version check and the write in one step: 'added', 'conflict' (the list moved on) or 'gone'.
 */
export const participantAdd = script(
  'participantAdd',
  `${PARSE_RECORD}${PARTICIPANT_ADD}
return participant_add(KEYS[1], KEYS[2], tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3], ARGV[4], tonumber(ARGV[5]), tonumber(ARGV[6]))`,
);

/**
 * Single node only (the deadline index is in another slot): `participantAdd` and, when added, the deadline
 * entry, in one command. KEYS: room, its participants, the deadline index. ARGV: as participantAdd, then the
 * index member.
 */
export const participantAddIndexed = script(
  'participantAddIndexed',
  `${PARSE_RECORD}${PARTICIPANT_ADD}${DEADLINE_ADD}
local now, deadline, grace = tonumber(ARGV[1]), tonumber(ARGV[5]), tonumber(ARGV[6])
local result = participant_add(KEYS[1], KEYS[2], now, tonumber(ARGV[2]), ARGV[3], ARGV[4], deadline, grace)
if result == 'added' then deadline_add(KEYS[3], now, deadline, ARGV[7], grace) end
return result`,
);

/** Shared prelude: moves a live participation's deadline; 1 when it was live, else 0. */
const PARTICIPANT_REFRESH = `
local function participant_refresh(list, now, hmac, deadline, grace)
  local e, d = parse_participant(redis.call('HGET', list, hmac))
  if not e or e <= now then return 0 end
  redis.call('HSET', list, hmac, deadline .. '\\n' .. d)
  local ttl = deadline - now + grace
  if redis.call('PTTL', list) < ttl then redis.call('PEXPIRE', list, ttl) end
  return 1
end
`;

/** KEYS: the participants. ARGV: now, participantHmac, deadline, graceMs. The version does not move. */
export const participantRefresh = script(
  'participantRefresh',
  `${PARSE_PARTICIPANT}${PARTICIPANT_REFRESH}
return participant_refresh(KEYS[1], tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]))`,
);

/**
 * Single node only: `participantRefresh` and, when refreshed, the deadline entry, in one command (the hot
 * path: a room of 100,000 people refreshes about 3,700 times a second). KEYS: the participants, the deadline
 * index. ARGV: as participantRefresh, then the index member.
 */
export const participantRefreshIndexed = script(
  'participantRefreshIndexed',
  `${PARSE_PARTICIPANT}${PARTICIPANT_REFRESH}${DEADLINE_ADD}
local now, deadline, grace = tonumber(ARGV[1]), tonumber(ARGV[3]), tonumber(ARGV[4])
local refreshed = participant_refresh(KEYS[1], now, ARGV[2], deadline, grace)
if refreshed == 1 then deadline_add(KEYS[2], now, deadline, ARGV[5], grace) end
return refreshed`,
);

/**
 * KEYS: the participants. ARGV: now, participantHmac, 'live' or 'due'. Removes the participation when it is
 * still live (a leave) or already due (an expiry), bumping the version; returns its deadline, or false. The
 * two never both win: a leave of an expired participation is left to its expiry.
 */
export const participantEnd = script(
  'participantEnd',
  `${PARSE_PARTICIPANT}
local e = parse_participant(redis.call('HGET', KEYS[1], ARGV[2]))
if not e then return false end
local live = e > tonumber(ARGV[1])
if live ~= (ARGV[3] == 'live') then return false end
redis.call('HDEL', KEYS[1], ARGV[2])
redis.call('HINCRBY', KEYS[1], '#v', 1)
return tostring(e)`,
);

/**
 * KEYS: the participants. ARGV: participantHmac, the value read, the value to write. Writes only if the
 * participation still holds the value read: a refresh or a leave in between wins, and the caller reads again.
 * The list's version stays (who is in the room did not change, as with SQLite). 1 when written, else 0.
 */
export const participantReplaceIfUnchanged = script(
  'participantReplaceIfUnchanged',
  `if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1`,
);

/**
 * KEYS: the deadline index. ARGV: member, score. Drops the entry only if its score is not after `score`: an
 * entry a rejoin with the same participantHmac has written since (a later deadline) is kept.
 */
export const deadlineRemoveIfNotAfter = script(
  'deadlineRemoveIfNotAfter',
  `
local s = redis.call('ZSCORE', KEYS[1], ARGV[1])
if s and tonumber(s) <= tonumber(ARGV[2]) then return redis.call('ZREM', KEYS[1], ARGV[1]) end
return 0`,
);

/** KEYS: room, its participants. ARGV: now. Sweep: deletes a room the clock says has expired, with its list. */
export const roomDeleteIfExpired = script(
  'roomDeleteIfExpired',
  `${PARSE_RECORD}
local o, e = parse(redis.call('GET', KEYS[1]))
if e and e <= tonumber(ARGV[1]) then return redis.call('DEL', KEYS[1], KEYS[2]) end
return 0`,
);

/**
 * KEYS: participants, their room. ARGV: now, graceMs. Sweep: drops a list whose room is gone, and
 * participations whose deadline passed more than graceMs ago (their expiry had that long to claim them).
 */
export const participantsPrune = script(
  'participantsPrune',
  `${PARSE_PARTICIPANT}
if redis.call('EXISTS', KEYS[2]) == 0 then return redis.call('DEL', KEYS[1]) end
local limit = tonumber(ARGV[1]) - tonumber(ARGV[2])
local flat = redis.call('HGETALL', KEYS[1])
local dropped = 0
for i = 1, #flat, 2 do
  if flat[i] ~= '#v' and parse_participant(flat[i + 1]) <= limit then
    redis.call('HDEL', KEYS[1], flat[i])
    dropped = dropped + 1
  end
end
return dropped`,
);
