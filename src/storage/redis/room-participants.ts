import type { DueParticipant, RoomParticipant } from '../../rooms/room-record.ts';
import { keys } from './keys.ts';
import type { RedisContext } from './records.ts';
import { decodeParticipant, encodeParticipant, participantDeadline } from './room-codec.ts';
import {
  deadlineAdd,
  deadlineRemoveIfNotAfter,
  participantAdd,
  participantAddIndexed,
  participantEnd,
  participantRefresh,
  participantRefreshIndexed,
  participantReplaceIfUnchanged,
  runScript,
} from './scripts.ts';

/**
 * How long a participation's data and its deadline entry outlive the deadline: the participant-expiry timer
 * has that long to claim it (announcing the leave) after an outage or a restart of every instance; a sweep
 * removes it only then.
 */
export const PARTICIPANT_GRACE_MS = 24 * 3_600_000;

const VERSION_FIELD = '#v';

/** A deadline entry checked against its participation. */
interface Checked {
  at: number;
  due: DueParticipant;
}

/** The deadline index's member for a participation: a room token never contains ':'. */
function member(roomToken: string, participantHmac: string): string {
  return `${roomToken}:${participantHmac}`;
}

function fromMember(value: string): Pick<DueParticipant, 'roomToken' | 'participantHmac'> {
  const colon = value.indexOf(':');
  return { roomToken: value.slice(0, colon), participantHmac: value.slice(colon + 1) };
}

/**
 * The participant half of the Redis RoomStore. A room's participations are one hash beside the room record
 * (same slot), so the version check of a join and its write are one script, and a leave or an expiry is won by
 * exactly one caller. Deadlines are also in one sorted set for the deployment, `rdl`, in another slot: it is
 * written before a join's record (on a single node in the same script) and after a refresh's, so an entry is
 * never later than its participation's deadline; its readers check every entry against the hash and repair it.
 */
export class RedisRoomParticipants {
  constructor(private readonly ctx: RedisContext) {}

  async list(roomToken: string): Promise<{ participants: RoomParticipant[]; version: number }> {
    const now = this.ctx.clock.now();
    const fields = await this.ctx.redis().hgetall(keys.roomParticipants(roomToken));
    let version = 0;
    const participants: RoomParticipant[] = [];
    for (const [field, value] of Object.entries(fields)) {
      if (field === VERSION_FIELD) version = Number(value);
      else if (participantDeadline(value) > now) participants.push(decodeParticipant(roomToken, field, value));
    }
    participants.sort((a, b) => a.joinedAt - b.joinedAt || (a.participantHmac < b.participantHmac ? -1 : 1));
    return { participants, version };
  }

  async get(roomToken: string, participantHmac: string): Promise<RoomParticipant | null> {
    const value = await this.ctx.redis().hget(keys.roomParticipants(roomToken), participantHmac);
    if (value === null || participantDeadline(value) <= this.ctx.clock.now()) return null;
    return decodeParticipant(roomToken, participantHmac, value);
  }

  async add(participant: RoomParticipant, expectedVersion: number): Promise<'added' | 'conflict' | 'gone'> {
    const { roomToken, participantHmac, expiresAt } = participant;
    const now = this.ctx.clock.now();
    const roomKeys = [keys.room(roomToken), keys.roomParticipants(roomToken)];
    const args = [
      now,
      expectedVersion,
      participantHmac,
      encodeParticipant(participant),
      expiresAt,
      PARTICIPANT_GRACE_MS,
    ];
    if (this.ctx.singleNode) {
      const result = await runScript(
        this.ctx.redis(),
        participantAddIndexed,
        [...roomKeys, keys.participantDeadlines()],
        [...args, member(roomToken, participantHmac)],
      );
      return result as 'added' | 'conflict' | 'gone';
    }
    // Deadline first: a crash in between leaves an entry whose participation is missing, which readers drop;
    // so does a conflict (the entry is never later than a participation with this hmac, if one is there).
    await this.indexDeadline(member(roomToken, participantHmac), expiresAt);
    return (await runScript(this.ctx.redis(), participantAdd, roomKeys, args)) as 'added' | 'conflict' | 'gone';
  }

  async refresh(roomToken: string, participantHmac: string, expiresAt: number): Promise<boolean> {
    const now = this.ctx.clock.now();
    const list = keys.roomParticipants(roomToken);
    const args = [now, participantHmac, expiresAt, PARTICIPANT_GRACE_MS];
    if (this.ctx.singleNode) {
      const refreshed = await runScript(
        this.ctx.redis(),
        participantRefreshIndexed,
        [list, keys.participantDeadlines()],
        [...args, member(roomToken, participantHmac)],
      );
      return refreshed === 1;
    }
    // Record first: the entry may lag behind (earlier than the deadline, repaired by its readers), never lead.
    if ((await runScript(this.ctx.redis(), participantRefresh, [list], args)) !== 1) return false;
    await this.indexDeadline(member(roomToken, participantHmac), expiresAt);
    return true;
  }

  /**
   * Gives `from`'s participations in this room to `to` (a sign-in merging an anonymous user into an account),
   * each by compare-and-set so that a refresh or a leave racing it is not undone.
   */
  async reassignUser(roomToken: string, from: string, to: string): Promise<void> {
    const list = keys.roomParticipants(roomToken);
    const redis = this.ctx.redis();
    for (const [participantHmac, first] of Object.entries(await redis.hgetall(list))) {
      if (participantHmac === VERSION_FIELD) continue;
      let value: string | null = first;
      for (let attempt = 0; value !== null; attempt++) {
        const participant = decodeParticipant(roomToken, participantHmac, value);
        if (participant.user !== from) break;
        const next = encodeParticipant({ ...participant, user: to });
        if ((await runScript(redis, participantReplaceIfUnchanged, [list], [participantHmac, value, next])) === 1) {
          break;
        }
        if (attempt === 4) throw new Error(`participation ${participantHmac} kept changing while being reassigned`);
        value = await redis.hget(list, participantHmac);
      }
    }
  }

  remove(roomToken: string, participantHmac: string): Promise<boolean> {
    return this.end(roomToken, participantHmac, this.ctx.clock.now(), 'live');
  }

  expire(roomToken: string, participantHmac: string, now: number): Promise<boolean> {
    return this.end(roomToken, participantHmac, now, 'due');
  }

  private async end(roomToken: string, participantHmac: string, now: number, when: 'live' | 'due'): Promise<boolean> {
    const redis = this.ctx.redis();
    const deadline = await runScript(
      redis,
      participantEnd,
      [keys.roomParticipants(roomToken)],
      [now, participantHmac, when],
    );
    if (typeof deadline !== 'string') return false;
    await this.unindex(member(roomToken, participantHmac), Number(deadline));
    return true;
  }

  /** Drops the deadline entries of a deleted room's participations (hmac, deadline pairs). */
  async forgetDeadlines(roomToken: string, pairs: readonly string[]): Promise<void> {
    const removals: Array<Promise<void>> = [];
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      removals.push(this.unindex(member(roomToken, pairs[i] as string), Number(pairs[i + 1])));
    }
    await Promise.all(removals);
  }

  async listDue(now: number, limit: number): Promise<DueParticipant[]> {
    // Twice the limit, since some entries may turn out stale (and are repaired on the way).
    const flat = await this.ctx
      .redis()
      .zrangebyscore(keys.participantDeadlines(), '-inf', now, 'WITHSCORES', 'LIMIT', 0, limit * 2);
    const entries: Array<{ value: string; score: number }> = [];
    for (let i = 0; i + 1 < flat.length; i += 2) entries.push({ value: flat[i] as string, score: Number(flat[i + 1]) });
    const checked = await Promise.all(entries.map(({ value, score }) => this.checkedParticipation(value, score)));
    return checked
      .filter((entry): entry is Checked => entry !== null && entry.at <= now)
      .sort((a, b) => a.at - b.at)
      .slice(0, limit)
      .map(({ due }) => due);
  }

  async nextDeadline(): Promise<number | null> {
    const redis = this.ctx.redis();
    for (let attempt = 0; attempt < 50; attempt++) {
      const [value, score] = await redis.zrange(keys.participantDeadlines(), '0', '0', 'WITHSCORES');
      if (value === undefined) return null;
      if ((await this.checkedParticipation(value, Number(score)))?.at === Number(score)) return Number(score);
    }
    // Still repairing stale entries: answer soon, so the caller asks again.
    return this.ctx.clock.now();
  }

  /**
   * The participation with its real deadline; re-scores its entry when it lags behind, or drops it when the
   * participation is gone (only if no later entry, a rejoin's, has replaced it meanwhile).
   */
  private async checkedParticipation(value: string, indexed: number): Promise<Checked | null> {
    const { roomToken, participantHmac } = fromMember(value);
    const stored = await this.ctx.redis().hget(keys.roomParticipants(roomToken), participantHmac);
    if (stored === null) {
      await this.unindex(value, indexed);
      return null;
    }
    const deadline = participantDeadline(stored);
    if (deadline !== indexed) await this.indexDeadline(value, deadline);
    const { roomConnectionId } = decodeParticipant(roomToken, participantHmac, stored);
    return { at: deadline, due: { roomToken, participantHmac, roomConnectionId } };
  }

  private async indexDeadline(value: string, at: number): Promise<void> {
    await runScript(
      this.ctx.redis(),
      deadlineAdd,
      [keys.participantDeadlines()],
      [this.ctx.clock.now(), at, value, PARTICIPANT_GRACE_MS],
    );
  }

  private async unindex(value: string, notAfter: number): Promise<void> {
    await runScript(this.ctx.redis(), deadlineRemoveIfNotAfter, [keys.participantDeadlines()], [value, notAfter]);
  }
}
