import type { Database } from 'better-sqlite3';
import { nowSec, type Clock } from '../../clock.ts';
import type { DueParticipant, RoomDeletion, RoomParticipant, RoomRecord } from '../../rooms/room-record.ts';
import type { RoomStore } from '../store.ts';
import type { GroupCommit } from './group-commit.ts';
import { participantRow, roomRow, toParticipant, toRoom, type ParticipantRow, type RoomRow } from './room-rows.ts';

/**
 * A participation past its deadline is left to the participant-expiry timer (which announces the leave)
 * for this long before the sweep deletes it anyway: the sweep must not take the timer's work away.
 */
const PARTICIPANT_SWEEP_GRACE_MS = 3_600_000;

/**
 * Rooms live while `expires_at_sec` is after the clock's second; participants while `expires_at` (ms) is after
 * the clock. Every decision is one statement or one turn's transaction, so two callers never both win.
 */
export class SqliteRoomStore implements RoomStore {
  private readonly s;

  constructor(
    db: Database,
    private readonly clock: Clock,
    private readonly turn: GroupCommit,
  ) {
    const liveRoom = 'room_token = @room_token AND expires_at_sec > @now_sec';
    this.s = {
      insert: db.prepare<[RoomRow]>(
        `INSERT INTO rooms (room_token, user, room_owner, room_name, context, max_size, expires_in_hours, channel,
           provider, api_key, session_id, creation_time_sec, update_time_sec, expires_at_sec)
         VALUES (@room_token, @user, @room_owner, @room_name, @context, @max_size, @expires_in_hours, @channel,
           @provider, @api_key, @session_id, @creation_time_sec, @update_time_sec, @expires_at_sec)`,
      ),
      deleteExpiredRoom: db.prepare<{ room_token: string; now_sec: number }>(
        'DELETE FROM rooms WHERE room_token = @room_token AND expires_at_sec <= @now_sec',
      ),
      selectLive: db.prepare<{ room_token: string; now_sec: number }, RoomRow>(`SELECT * FROM rooms WHERE ${liveRoom}`),
      selectLiveOfUser: db.prepare<[string, number], RoomRow>(
        'SELECT * FROM rooms WHERE user = ? AND expires_at_sec > ? ORDER BY update_time_sec, rowid',
      ),
      countLiveOfUser: db
        .prepare<[string, number], number>('SELECT count(*) FROM rooms WHERE user = ? AND expires_at_sec > ?')
        .pluck(),
      replaceLive: db.prepare<RoomRow & { now_sec: number }>(
        `UPDATE rooms SET user = @user, room_owner = @room_owner, room_name = @room_name, context = @context,
           max_size = @max_size, expires_in_hours = @expires_in_hours, channel = @channel, provider = @provider,
           api_key = @api_key, session_id = @session_id, creation_time_sec = @creation_time_sec,
           update_time_sec = @update_time_sec, expires_at_sec = @expires_at_sec
         WHERE ${liveRoom}`,
      ),
      touchLive: db.prepare<{ room_token: string; now_sec: number; update_time_sec: number; expires_at_sec: number }>(
        `UPDATE rooms SET update_time_sec = @update_time_sec, expires_at_sec = @expires_at_sec WHERE ${liveRoom}`,
      ),
      deleteRoom: db.prepare<[string]>('DELETE FROM rooms WHERE room_token = ?'),
      deleteParticipantsOf: db.prepare<[string]>('DELETE FROM room_participants WHERE room_token = ?'),
      mark: db.prepare<[string, string, number, number]>(
        `INSERT INTO room_deletions (user, room_token, deleted_at_sec, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (user, room_token) DO UPDATE SET deleted_at_sec = excluded.deleted_at_sec,
           expires_at = excluded.expires_at`,
      ),
      selectMarks: db.prepare<[string, number, number], { room_token: string; deleted_at_sec: number }>(
        `SELECT room_token, deleted_at_sec FROM room_deletions
         WHERE user = ? AND deleted_at_sec >= ? AND expires_at > ? ORDER BY deleted_at_sec, rowid`,
      ),
      deleteUserRooms: db.prepare<[string]>('DELETE FROM rooms WHERE user = ?'),
      deleteUserMarks: db.prepare<[string]>('DELETE FROM room_deletions WHERE user = ?'),
      moveRooms: db.prepare<{ from: string; to: string }>('UPDATE rooms SET user = @to WHERE user = @from'),
      moveMarks: db.prepare<{ from: string; to: string }>(
        'UPDATE OR REPLACE room_deletions SET user = @to WHERE user = @from',
      ),
      moveParticipants: db.prepare<{ from: string; to: string }>(
        'UPDATE room_participants SET user = @to WHERE user = @from',
      ),
      version: db
        .prepare<{ room_token: string; now_sec: number }, number>(
          `SELECT participants_version FROM rooms WHERE ${liveRoom}`,
        )
        .pluck(),
      bumpVersion: db.prepare<{ room_token: string; now_sec: number; expected: number }>(
        `UPDATE rooms SET participants_version = participants_version + 1
         WHERE ${liveRoom} AND participants_version = @expected`,
      ),
      // A departure moves the version too: a join decided while that seat was taken is decided again.
      bumpAfterDeparture: db.prepare<[string]>(
        'UPDATE rooms SET participants_version = participants_version + 1 WHERE room_token = ?',
      ),
      selectParticipants: db.prepare<[string, number], ParticipantRow>(
        'SELECT * FROM room_participants WHERE room_token = ? AND expires_at > ? ORDER BY joined_at, rowid',
      ),
      selectParticipant: db.prepare<[string, string, number], ParticipantRow>(
        'SELECT * FROM room_participants WHERE room_token = ? AND participant_hmac = ? AND expires_at > ?',
      ),
      upsertParticipant: db.prepare<[ParticipantRow]>(
        `INSERT OR REPLACE INTO room_participants (room_token, participant_hmac, room_connection_id, display_name,
           client_max_size, user, account, joined_at, expires_at)
         VALUES (@room_token, @participant_hmac, @room_connection_id, @display_name, @client_max_size, @user,
           @account, @joined_at, @expires_at)`,
      ),
      refresh: db.prepare<[number, string, string, number]>(
        `UPDATE room_participants SET expires_at = ?
         WHERE room_token = ? AND participant_hmac = ? AND expires_at > ?`,
      ),
      removeLive: db.prepare<[string, string, number]>(
        'DELETE FROM room_participants WHERE room_token = ? AND participant_hmac = ? AND expires_at > ?',
      ),
      removeDue: db.prepare<[string, string, number]>(
        'DELETE FROM room_participants WHERE room_token = ? AND participant_hmac = ? AND expires_at <= ?',
      ),
      selectDue: db.prepare<[number, number], DueParticipant>(
        `SELECT room_token AS roomToken, participant_hmac AS participantHmac, room_connection_id AS roomConnectionId
         FROM room_participants
         WHERE expires_at <= ? ORDER BY expires_at LIMIT ?`,
      ),
      nextDeadline: db.prepare<[], number | null>('SELECT MIN(expires_at) FROM room_participants').pluck(),
      sweepRooms: db.prepare<[number]>('DELETE FROM rooms WHERE expires_at_sec <= ?'),
      sweepParticipants: db.prepare<[number]>('DELETE FROM room_participants WHERE expires_at <= ?'),
      sweepMarks: db.prepare<[number]>('DELETE FROM room_deletions WHERE expires_at <= ?'),
    };
  }

  private live(roomToken: string) {
    return { room_token: roomToken, now_sec: nowSec(this.clock) };
  }

  async create(room: RoomRecord): Promise<void> {
    const row = roomRow(room);
    await this.turn.write(() => {
      // A token reused after its room expired (not yet swept) starts afresh: the old room and its people go.
      this.s.deleteExpiredRoom.run(this.live(room.roomToken));
      this.s.insert.run(row);
    });
  }

  async get(roomToken: string): Promise<RoomRecord | null> {
    return this.turn.read(() => {
      const row = this.s.selectLive.get(this.live(roomToken));
      return row ? toRoom(row) : null;
    });
  }

  async listForUser(user: string): Promise<RoomRecord[]> {
    return this.turn.read(() => this.s.selectLiveOfUser.all(user, nowSec(this.clock)).map(toRoom));
  }

  async countForUser(user: string): Promise<number> {
    return this.turn.read(() => this.s.countLiveOfUser.get(user, nowSec(this.clock)) ?? 0);
  }

  async update(room: RoomRecord): Promise<boolean> {
    const row = Object.assign(roomRow(room), { now_sec: nowSec(this.clock) });
    return this.turn.write(() => this.s.replaceLive.run(row).changes > 0);
  }

  async touch(roomToken: string, updateTimeSec: number, expiresAtSec: number): Promise<RoomRecord | null> {
    return this.turn.write(() => {
      const live = this.live(roomToken);
      const changed = this.s.touchLive.run({ ...live, update_time_sec: updateTimeSec, expires_at_sec: expiresAtSec });
      if (changed.changes === 0) return null;
      const row = this.s.selectLive.get(live);
      return row ? toRoom(row) : null;
    });
  }

  async delete(roomToken: string, deletedAtSec: number, markerExpiresAt: number): Promise<RoomRecord | null> {
    return this.turn.write(() => {
      const row = this.s.selectLive.get(this.live(roomToken));
      // An expired room not yet swept goes too, but unmarked: it was not live, so nothing was deleted.
      this.s.deleteParticipantsOf.run(roomToken);
      this.s.deleteRoom.run(roomToken);
      if (!row) return null;
      this.s.mark.run(row.user, roomToken, deletedAtSec, markerExpiresAt);
      return toRoom(row);
    });
  }

  async listDeletedForUser(user: string, sinceSec: number): Promise<RoomDeletion[]> {
    return this.turn.read(() =>
      this.s.selectMarks
        .all(user, sinceSec, this.clock.now())
        .map((row) => ({ roomToken: row.room_token, deletedAtSec: row.deleted_at_sec })),
    );
  }

  async deleteForUser(user: string): Promise<void> {
    await this.turn.write(() => {
      this.s.deleteUserRooms.run(user);
      this.s.deleteUserMarks.run(user);
    });
  }

  async reassignUser(from: string, to: string): Promise<void> {
    await this.turn.write(() => {
      this.s.moveRooms.run({ from, to });
      this.s.moveMarks.run({ from, to });
      this.s.moveParticipants.run({ from, to });
    });
  }

  async listParticipants(roomToken: string): Promise<{ participants: RoomParticipant[]; version: number }> {
    return this.turn.read(() => {
      const version = this.s.version.get(this.live(roomToken));
      if (version === undefined) return { participants: [], version: 0 };
      const participants = this.s.selectParticipants.all(roomToken, this.clock.now()).map(toParticipant);
      return { participants, version };
    });
  }

  async getParticipant(roomToken: string, participantHmac: string): Promise<RoomParticipant | null> {
    return this.turn.read(() => {
      if (this.s.version.get(this.live(roomToken)) === undefined) return null;
      const row = this.s.selectParticipant.get(roomToken, participantHmac, this.clock.now());
      return row ? toParticipant(row) : null;
    });
  }

  async addParticipant(participant: RoomParticipant, expectedVersion: number): Promise<'added' | 'conflict' | 'gone'> {
    const row = participantRow(participant);
    return this.turn.write(() => {
      const live = this.live(participant.roomToken);
      if (this.s.bumpVersion.run({ ...live, expected: expectedVersion }).changes > 0) {
        this.s.upsertParticipant.run(row);
        return 'added';
      }
      return this.s.version.get(live) === undefined ? 'gone' : 'conflict';
    });
  }

  async refreshParticipant(roomToken: string, participantHmac: string, expiresAt: number): Promise<boolean> {
    return this.turn.write(() => {
      if (this.s.version.get(this.live(roomToken)) === undefined) return false;
      return this.s.refresh.run(expiresAt, roomToken, participantHmac, this.clock.now()).changes > 0;
    });
  }

  async removeParticipant(roomToken: string, participantHmac: string): Promise<boolean> {
    return this.turn.write(() => {
      if (this.s.removeLive.run(roomToken, participantHmac, this.clock.now()).changes === 0) return false;
      this.s.bumpAfterDeparture.run(roomToken);
      return true;
    });
  }

  async listDueParticipants(now: number, limit: number): Promise<DueParticipant[]> {
    return this.turn.read(() => this.s.selectDue.all(now, limit));
  }

  async expireParticipant(roomToken: string, participantHmac: string, now: number): Promise<boolean> {
    return this.turn.write(() => {
      if (this.s.removeDue.run(roomToken, participantHmac, now).changes === 0) return false;
      this.s.bumpAfterDeparture.run(roomToken);
      return true;
    });
  }

  async nextParticipantDeadline(): Promise<number | null> {
    return this.turn.read(() => this.s.nextDeadline.get() ?? null);
  }

  /** `now` in milliseconds, like every other table's sweep. */
  deleteExpired(now: number): void {
    this.s.sweepRooms.run(Math.floor(now / 1000));
    this.s.sweepParticipants.run(now - PARTICIPANT_SWEEP_GRACE_MS);
    this.s.sweepMarks.run(now);
  }
}
