import type { DueParticipant, RoomDeletion, RoomParticipant, RoomRecord } from '../../rooms/room-record.ts';
import type { RoomStore } from '../store.ts';
import { readIndexedLive } from './indexed-records.ts';
import { keys } from './keys.ts';
import {
  addToIndex,
  deserialize,
  readRecord,
  readLiveRecord,
  rewriteRecord,
  serialize,
  ttlMs,
  type RedisContext,
} from './records.ts';
import { decodeRoom, encodeRoom } from './room-codec.ts';
import { RedisRoomParticipants } from './room-participants.ts';
import { roomDelete, roomReplaceIfLive, roomTouch, runScript, writeReplacing } from './scripts.ts';

/** A deletion marker as the user's marker index holds it: "<deletedAtSec>:<roomToken>". */
function parseMarker(value: string): RoomDeletion {
  const colon = value.indexOf(':');
  return { roomToken: value.slice(colon + 1), deletedAtSec: Number(value.slice(0, colon)) };
}

/**
 * Rooms on Redis. A room is the record `r:{token}` with its participant hash `rp:{token}` beside it (one slot);
 * its owner's index `ur:{user}` and deletion markers `rd:{user}` are in the owner's slot. As for links, the
 * owner index is written before the record and readers keep only entries whose record is live and theirs.
 * Deleting a room (record and participants) is one script, so one caller wins; its marker is written after.
 */
export class RedisRoomStore implements RoomStore {
  private readonly participants: RedisRoomParticipants;

  constructor(private readonly ctx: RedisContext) {
    this.participants = new RedisRoomParticipants(ctx);
  }

  private index(user: string, roomToken: string, expiresAt: number): Promise<void> {
    return addToIndex(this.ctx, keys.userRooms(user), roomToken, expiresAt);
  }

  async create(room: RoomRecord): Promise<void> {
    const stored = encodeRoom(room);
    await this.index(room.user, room.roomToken, stored.expiresAt);
    // A token reused after its room expired starts with nobody in it.
    await runScript(
      this.ctx.redis(),
      writeReplacing,
      [keys.room(room.roomToken), keys.roomParticipants(room.roomToken)],
      [serialize(stored), ttlMs(stored.expiresAt, this.ctx.clock.now())],
    );
  }

  async get(roomToken: string): Promise<RoomRecord | null> {
    const stored = await readLiveRecord(this.ctx, keys.room(roomToken));
    return stored && decodeRoom(roomToken, stored);
  }

  async listForUser(user: string): Promise<RoomRecord[]> {
    const live = await readIndexedLive(this.ctx, keys.userRooms(user), user, keys.room);
    return live
      .map(({ id, stored }) => decodeRoom(id, stored))
      .sort(
        (a, b) =>
          a.updateTimeSec - b.updateTimeSec ||
          a.creationTimeSec - b.creationTimeSec ||
          (a.roomToken < b.roomToken ? -1 : 1),
      );
  }

  async countForUser(user: string): Promise<number> {
    // The index scores each room by its expiry (never before the room's own), and deletion removes the entry.
    return this.ctx.redis().zcount(keys.userRooms(user), `(${this.ctx.clock.now()}`, '+inf');
  }

  async update(room: RoomRecord): Promise<boolean> {
    const stored = encodeRoom(room);
    const now = this.ctx.clock.now();
    // Index first, with the new expiry: the room never outlives its index entry.
    await this.index(room.user, room.roomToken, stored.expiresAt);
    const replaced = await runScript(
      this.ctx.redis(),
      roomReplaceIfLive,
      [keys.room(room.roomToken), keys.roomParticipants(room.roomToken)],
      [now, serialize(stored), ttlMs(stored.expiresAt, now)],
    );
    return replaced === 1;
  }

  async touch(roomToken: string, updateTimeSec: number, expiresAtSec: number): Promise<RoomRecord | null> {
    const now = this.ctx.clock.now();
    const current = await readLiveRecord(this.ctx, keys.room(roomToken));
    if (!current) return null;
    const expiresAt = expiresAtSec * 1000;
    await this.index(current.owner, roomToken, expiresAt);
    const value = await runScript(
      this.ctx.redis(),
      roomTouch,
      [keys.room(roomToken), keys.roomParticipants(roomToken)],
      [now, updateTimeSec, expiresAt, ttlMs(expiresAt, now)],
    );
    const stored = typeof value === 'string' ? deserialize(value) : null;
    return stored && decodeRoom(roomToken, stored);
  }

  async delete(roomToken: string, deletedAtSec: number, markerExpiresAt: number): Promise<RoomRecord | null> {
    const room = await this.deleteRoom(roomToken, this.ctx.clock.now(), '');
    if (!room) return null;
    const redis = this.ctx.redis();
    await Promise.all([
      addToIndex(this.ctx, keys.roomDeletions(room.user), `${deletedAtSec}:${roomToken}`, markerExpiresAt),
      redis.zrem(keys.userRooms(room.user), roomToken),
    ]);
    return room;
  }

  /** Deletes the room and its participant list in one script, then their deadline entries; null when not ours. */
  private async deleteRoom(roomToken: string, liveAt: number | '', owner: string): Promise<RoomRecord | null> {
    const result = await runScript(
      this.ctx.redis(),
      roomDelete,
      [keys.room(roomToken), keys.roomParticipants(roomToken)],
      [liveAt, owner],
    );
    if (!Array.isArray(result)) return null;
    const [value, ...pairs] = result as string[];
    const stored = value === undefined ? null : deserialize(value);
    if (!stored) return null;
    await this.participants.forgetDeadlines(roomToken, pairs);
    return decodeRoom(roomToken, stored);
  }

  async listDeletedForUser(user: string, sinceSec: number): Promise<RoomDeletion[]> {
    const now = this.ctx.clock.now();
    const values = await this.ctx.redis().zrangebyscore(keys.roomDeletions(user), `(${now}`, '+inf');
    return values
      .map(parseMarker)
      .filter((marker) => marker.deletedAtSec >= sinceSec)
      .sort((a, b) => a.deletedAtSec - b.deletedAtSec || (a.roomToken < b.roomToken ? -1 : 1));
  }

  async deleteForUser(user: string): Promise<void> {
    const redis = this.ctx.redis();
    const indexKey = keys.userRooms(user);
    const tokens = await redis.zrange(indexKey, '0', '-1');
    await Promise.all(tokens.map((token) => this.deleteRoom(token, '', user)));
    await redis.del(indexKey, keys.roomDeletions(user));
  }

  async reassignUser(from: string, to: string): Promise<void> {
    const redis = this.ctx.redis();
    const fromIndex = keys.userRooms(from);
    for (const token of await redis.zrange(fromIndex, '0', '-1')) {
      const stored = await readRecord(this.ctx, keys.room(token));
      if (!stored || stored.owner !== from) continue;
      // Index under the new owner first; the record's owner then decides which index lists it.
      await this.index(to, token, stored.expiresAt);
      await rewriteRecord(this.ctx, keys.room(token), (current) =>
        current.owner === from ? { ...current, owner: to } : null,
      );
      // The owner's own participations, so that they count as the owner present. Theirs in other people's rooms
      // keep the old user until they end: no index leads from a user to those (SQLite moves them too).
      await this.participants.reassignUser(token, from, to);
    }
    const markers = await redis.zrange(keys.roomDeletions(from), '0', '-1', 'WITHSCORES');
    for (let i = 0; i + 1 < markers.length; i += 2) {
      await addToIndex(this.ctx, keys.roomDeletions(to), markers[i] as string, Number(markers[i + 1]));
    }
    await redis.del(fromIndex, keys.roomDeletions(from));
  }

  listParticipants(roomToken: string): Promise<{ participants: RoomParticipant[]; version: number }> {
    return this.participants.list(roomToken);
  }

  getParticipant(roomToken: string, participantHmac: string): Promise<RoomParticipant | null> {
    return this.participants.get(roomToken, participantHmac);
  }

  addParticipant(participant: RoomParticipant, expectedVersion: number): Promise<'added' | 'conflict' | 'gone'> {
    return this.participants.add(participant, expectedVersion);
  }

  refreshParticipant(roomToken: string, participantHmac: string, expiresAt: number): Promise<boolean> {
    return this.participants.refresh(roomToken, participantHmac, expiresAt);
  }

  removeParticipant(roomToken: string, participantHmac: string): Promise<boolean> {
    return this.participants.remove(roomToken, participantHmac);
  }

  listDueParticipants(now: number, limit: number): Promise<DueParticipant[]> {
    return this.participants.listDue(now, limit);
  }

  expireParticipant(roomToken: string, participantHmac: string, now: number): Promise<boolean> {
    return this.participants.expire(roomToken, participantHmac, now);
  }

  nextParticipantDeadline(): Promise<number | null> {
    return this.participants.nextDeadline();
  }
}
