/**
 * Every Redis key Loop writes, named once. The part in `{…}` is the Redis Cluster hash tag: keys with the
 * same tag live in the same slot, so a Lua script may touch them together. Everything a user owns (push
 * endpoints, the indexes of their sessions, links and calls) carries `{user}`; a record carries its own id.
 *
 * Records live in keys whose id is chosen elsewhere (token, callId, hawkIdHmac), while the per-user indexes
 * key on the owner: the two can never share a slot. Writers therefore add the index entry first and the
 * record second, and readers check every index entry against the record (owner and expiry), so no reader
 * can see a half-written state. See docs/ARCHITECTURE.md ("Redis store").
 */
export const keys = {
  /** Record string (see records.ts): one Hawk session. */
  session: (hawkIdHmac: string) => `s:{${hawkIdHmac}}`,
  /** Record string: a session's OAuth state. Same hash tag as its session, so both go in one DEL. */
  oauthState: (hawkIdHmac: string) => `o:{${hawkIdHmac}}`,
  /** Sorted set: hawkIdHmacs of a registered user's sessions (score: expiresAt ms). */
  userSessions: (userMac: string) => `us:{${userMac}}`,
  /** Hash of every push endpoint of the user: `e|<device>` → expiresAt, `<topic>|<device>` → URL, `w|<device>` → Web Push subscription. */
  pushEndpoints: (user: string) => `p:{${user}}`,
  /** Record string: one call link. */
  callUrl: (token: string) => `u:{${token}}`,
  /** Sorted set: tokens of the user's links (score: expiresAt ms). */
  userCallUrls: (user: string) => `uu:{${user}}`,
  /** Record string: one call. */
  call: (callId: string) => `c:{${callId}}`,
  /**
   * Record string whose owner field is the callId (empty data): which call a provider session belongs to.
   * Its own hash tag, like every record; it cannot share the call's slot (looked up by another id), so it
   * is written before the call record and trusted only when that record names the same session.
   */
  callSession: (sessionId: string) => `cs:{${sessionId}}`,
  /** Sorted set: ids of the user's calls (score: expiresAt ms). */
  userCalls: (user: string) => `uc:{${user}}`,
  /**
   * Sorted set: ids of calls with a pending timer (score: the call's nextDeadlineAt ms). One key for the
   * whole deployment, since a timer may fire on any instance; written beside the record (another slot), so
   * readers check each entry against its record and repair it (see call-store.ts).
   */
  callDeadlines: () => 'cdl',
  /**
   * Record string: one room. Its data is "<updateTimeSec>\n<JSON>", so a touch (every join and leave)
   * rewrites the time and expiry in a script without decoding the JSON.
   */
  room: (roomToken: string) => `r:{${roomToken}}`,
  /**
   * Hash beside its room (same hash tag, so one script checks the room and the list together):
   * participantHmac → "<expiresAt ms>\n<JSON>", and `#v` → the list's version (a participantHmac is a keyed
   * hash, never starting with `#`). Lives at least as long as the room, so the version never restarts.
   */
  roomParticipants: (roomToken: string) => `rp:{${roomToken}}`,
  /** Sorted set: tokens of the user's rooms (score: the room's expiresAt ms). */
  userRooms: (user: string) => `ur:{${user}}`,
  /** Sorted set: the user's deletion markers, "<deletedAtSec>:<roomToken>" (score: the marker's expiry ms). */
  roomDeletions: (user: string) => `rd:{${user}}`,
  /**
   * Sorted set: "<roomToken>:<participantHmac>" of every participation (score: its deadline ms), like
   * `cdl` for calls: one key for the deployment, checked against the participant hash by its readers.
   */
  participantDeadlines: () => 'rdl',
  /** String holding expiresAt: one remembered one-time token (an events ticket). Single-key, so no hash tag. */
  nonce: (key: string) => `n:${key}`,
  /**
   * String holding expiresAt: one Hawk request's nonce (`<ts>:<nonce>`), with its session's hash tag, so that
   * one script reads the session and records the nonce, on Redis Cluster too.
   */
  sessionNonce: (hawkIdHmac: string, nonce: string) => `n:{${hawkIdHmac}}:${nonce}`,
  /**
   * Prefix of @fastify/rate-limit's counters (strings with a TTL of the window; see http/rate-limits.ts). No
   * token in them: a link is counted under a hash of its token. Left to their TTL by the sweep.
   */
  rateLimitNamespace: 'rl:',
  /** String: the ping's write-and-read-back probe, one per store instance. */
  heartbeat: (instanceId: string) => `hb:${instanceId}`,
} as const;

/** What `sweep` does with a key it meets while scanning, decided by the key's prefix. */
export type SweepAction = 'record' | 'index' | 'nonce' | 'pushEndpoints' | 'room' | 'roomParticipants' | 'skip';

const SWEEP_ACTIONS: ReadonlyArray<readonly [prefix: string, action: SweepAction]> = [
  ['s:', 'record'],
  ['o:', 'record'],
  ['us:', 'index'],
  ['uu:', 'index'],
  ['uc:', 'index'],
  ['u:', 'record'],
  ['c:', 'record'],
  ['cs:', 'record'],
  ['n:', 'nonce'],
  ['p:', 'pushEndpoints'],
  ['r:', 'room'],
  ['rp:', 'roomParticipants'],
  ['ur:', 'index'],
  ['rd:', 'index'],
];

/** The id in a key's hash tag: `r:{abc}` → `abc`. */
export function hashTagOf(key: string): string {
  return key.slice(key.indexOf('{') + 1, key.lastIndexOf('}'));
}

export function sweepActionFor(key: string): SweepAction {
  for (const [prefix, action] of SWEEP_ACTIONS) if (key.startsWith(prefix)) return action;
  return 'skip';
}
