import { Cluster, type Redis } from 'ioredis';
import { hashTagOf, keys, sweepActionFor, type SweepAction } from './keys.ts';
import { PARTICIPANT_GRACE_MS } from './room-participants.ts';
import {
  deleteNonceIfExpired,
  deleteRecordIfExpired,
  indexTrim,
  participantsPrune,
  pushPrune,
  roomDeleteIfExpired,
  runScript,
  type LuaScript,
  type RedisConnection,
} from './scripts.ts';

/**
 * Deletes what the store's clock says has expired. Redis already drops every key at its TTL, which the
 * writers set from the same clock, so in production this finds little; it exists so that an explicit
 * `sweep()` honours the injected clock like every other backend. It SCANs (never KEYS) each master, in
 * batches, and runs one single-key script per key found; it is never on a request path.
 */
const SCRIPT_FOR: Record<Exclude<SweepAction, 'skip'>, LuaScript> = {
  record: deleteRecordIfExpired,
  index: indexTrim,
  nonce: deleteNonceIfExpired,
  pushEndpoints: pushPrune,
  room: roomDeleteIfExpired,
  roomParticipants: participantsPrune,
};

/** A room and its participant list are swept together (same hash tag); every other key alone. */
function scriptKeys(action: Exclude<SweepAction, 'skip'>, key: string): string[] {
  if (action === 'room') return [key, keys.roomParticipants(hashTagOf(key))];
  if (action === 'roomParticipants') return [key, keys.room(hashTagOf(key))];
  return [key];
}

const SCAN_BATCH = 500;

function mastersOf(redis: RedisConnection): Redis[] {
  return redis instanceof Cluster ? redis.nodes('master') : [redis];
}

export async function sweepExpired(redis: RedisConnection, now: number): Promise<void> {
  for (const node of mastersOf(redis)) {
    let cursor = '0';
    do {
      const [next, found] = await node.scan(cursor, 'COUNT', SCAN_BATCH);
      cursor = next;
      await Promise.all(
        found.map((key) => {
          const action = sweepActionFor(key);
          return action === 'skip'
            ? undefined
            : runScript(redis, SCRIPT_FOR[action], scriptKeys(action, key), [now, PARTICIPANT_GRACE_MS]);
        }),
      );
    } while (cursor !== '0');
  }
}
