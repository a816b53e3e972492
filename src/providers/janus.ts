/**
 * Janus WebRTC Server with its VideoRoom plugin, as an SFU: each call or room is a VideoRoom room (numeric
 * id, a secret derived from Loop's, `publishers` = its size) that lets in only tokens Loop lists in its
 * `allowed` list. Each participant's token is also added to Janus's stored tokens (`token_auth`), so it can
 * open a Janus session and attach VideoRoom at all. A token alone is valid in every room; the `allowed`
 * list is what keeps a participant to its own room, and a stranger with a room id out of all of them.
 */
import { nowSec, type Clock } from '../clock.ts';
import { keyedHash } from '../crypto/keyed-hash.ts';
import { randomBase64Url } from '../crypto/random.ts';
import { failureReason, withAttempts, type AttemptPolicy } from './attempts.ts';
import { iceServersFor, type IceServer, type IceSettings } from './builtin/ice-servers.ts';
import { JanusAdminClient } from './janus/janus-admin.ts';
import { JanusError } from './janus/janus-http.ts';
import { newRoomId, roomOf, roomSecret, sessionIdOf, type JanusRoomRef } from './janus/janus-room-ids.ts';
import { JanusVideoRoomClient, NO_SUCH_ROOM, ROOM_EXISTS, type VideoRoomRequest } from './janus/videoroom.ts';
import {
  DEFAULT_CHANNEL,
  ProviderError,
  type HealthResult,
  type LabelledSession,
  type ParticipantCredentials,
  type ParticipantRole,
  type Provider,
  type ProviderSession,
  type RoomParticipantGrant,
  type RoomSessionOptions,
} from './provider.ts';

export interface JanusProviderOptions {
  /** The HTTP API Loop talks to (`http://127.0.0.1:8088/janus`). */
  url: string;
  /** The admin API (`http://127.0.0.1:7088/admin`): token management only. */
  adminUrl: string;
  apiSecret: string;
  adminSecret: string;
  /** Where browsers reach the HTTP API, handed to them as `janusUrl` (the same as `url` when empty). */
  publicUrl: string;
  /** A Loop secret (hex) the room secrets are derived from. */
  secret: string;
  clock: Clock;
  ice: IceSettings;
  policy: AttemptPolicy;
}

/** A call is a room of two. */
const CALL_PUBLISHERS = 2;
const ROOM_DESCRIPTION = 'loop';
/** A labelled room's description: `loop <label>` (a Loop room's label is its token, nothing secret). */
const LABEL_PREFIX = 'loop ';

function descriptionOf(label: string | undefined): string {
  return label ? `${LABEL_PREFIX}${label}` : ROOM_DESCRIPTION;
}

export class JanusProvider implements Provider {
  readonly name = 'janus';
  readonly apiKey = 'janus';
  readonly clientExtras: Readonly<Record<string, unknown>>;
  private readonly videoroom: JanusVideoRoomClient;
  private readonly admin: JanusAdminClient;

  constructor(private readonly options: JanusProviderOptions) {
    this.clientExtras = { janusUrl: options.publicUrl || options.url };
    const timeoutMs = options.policy.timeoutMs;
    this.videoroom = new JanusVideoRoomClient({ url: options.url, apiSecret: options.apiSecret, timeoutMs });
    this.admin = new JanusAdminClient({ url: options.adminUrl, adminSecret: options.adminSecret, timeoutMs });
  }

  /** The room to join (`janusRoom`), and fresh TURN credentials when TURN is configured. */
  participantExtras(sessionId: string, role: ParticipantRole): Record<string, unknown> {
    return this.extrasFor(sessionId, role);
  }

  private extrasFor(sessionId: string, participant: string): Record<string, unknown> {
    const ref = roomOf(sessionId);
    const extras: Record<string, unknown> = ref ? { janusRoom: ref.room } : {};
    const iceServers = this.iceServers(sessionId, participant);
    if (iceServers.length > 0) extras.iceServers = iceServers;
    return extras;
  }

  private iceServers(sessionId: string, participant: string): IceServer[] {
    const participantId = keyedHash(this.options.secret, `turn\n${sessionId}\n${participant}`).slice(0, 20);
    return iceServersFor(this.options.ice, participantId, nowSec(this.options.clock));
  }

  async createSession(options: { channel?: string; room?: RoomSessionOptions }): Promise<ProviderSession> {
    const ref: JanusRoomRef = { room: newRoomId(), publishers: options.room?.maxParticipants ?? CALL_PUBLISHERS };
    const session: ProviderSession = { sessionId: sessionIdOf(ref), apiKey: this.apiKey, channel: DEFAULT_CHANNEL };
    const description = descriptionOf(options.room?.label);
    try {
      await withAttempts('createSession', this.options.policy, () =>
        this.videoroom.withVideoRoom((request) => this.createRoom(request, ref, [], description)),
      );
    } catch (error) {
      // An attempt that timed out may still have made the room: nothing is left half-made.
      this.destroyQuietly(session);
      throw error;
    }
    return session;
  }

  /**
   * A retry after a lost answer finds the room already made: it is ours if our derived secret opens it
   * (an `allowed` request with no change), and anyone else's room refuses that secret.
   */
  private async createRoom(
    request: VideoRoomRequest,
    ref: JanusRoomRef,
    allowed: string[],
    description: string,
  ): Promise<void> {
    const secret = roomSecret(this.options.secret, ref.room);
    try {
      await this.videoroom.createRoom(request, {
        room: ref.room,
        secret,
        description,
        publishers: ref.publishers,
        allowed,
      });
    } catch (error) {
      if (!(error instanceof JanusError && error.code === ROOM_EXISTS)) throw error;
      await this.videoroom.changeAllowed(request, ref.room, secret, 'add', allowed);
    }
  }

  async createParticipantToken(session: ProviderSession, role: ParticipantRole): Promise<ParticipantCredentials> {
    const token = await this.admit(session);
    return { token, extras: { ...this.clientExtras, ...this.extrasFor(session.sessionId, role) } };
  }

  async createRoomToken(session: ProviderSession, grant: RoomParticipantGrant): Promise<ParticipantCredentials> {
    const token = await this.admit(session);
    return {
      token,
      extras: { ...this.clientExtras, ...this.extrasFor(session.sessionId, grant.roomConnectionId) },
    };
  }

  /**
   * A fresh token, stored in Janus (to attach VideoRoom) and listed in this room's `allowed` list (to join
   * it). A room Janus lost (a restart: rooms are not permanent) is made again with the same id and secret.
   */
  private async admit(session: ProviderSession): Promise<string> {
    const ref = roomOf(session.sessionId);
    if (!ref) throw new ProviderError('not a Janus session');
    const token = randomBase64Url(24);
    const secret = roomSecret(this.options.secret, ref.room);
    await withAttempts('addToken', this.options.policy, () => this.admin.addToken(token));
    try {
      await withAttempts('allowToken', this.options.policy, () =>
        this.videoroom.withVideoRoom(async (request) => {
          try {
            await this.videoroom.changeAllowed(request, ref.room, secret, 'add', [token]);
          } catch (error) {
            if (!(error instanceof JanusError && error.code === NO_SUCH_ROOM)) throw error;
            // Its label is lost with it: the sweep then leaves it to the room's deletion (or to Janus's restart).
            await this.createRoom(request, ref, [token], ROOM_DESCRIPTION);
          }
        }),
      );
    } catch (error) {
      void this.removeTokens([token]);
      throw error;
    }
    return token;
  }

  /** Destroys the room (which disconnects whoever is in it) and removes every token it allowed. */
  async destroySession(session: ProviderSession): Promise<void> {
    const ref = roomOf(session.sessionId);
    if (!ref) return;
    const secret = roomSecret(this.options.secret, ref.room);
    const tokens = await withAttempts('destroySession', this.options.policy, () =>
      this.videoroom.withVideoRoom(async (request) => {
        try {
          // Adding nothing answers the current list: the tokens to remove once the room is gone.
          const allowed = await this.videoroom.changeAllowed(request, ref.room, secret, 'add', []);
          await this.videoroom.destroyRoom(request, ref.room, secret);
          return allowed;
        } catch (error) {
          if (error instanceof JanusError && error.code === NO_SUCH_ROOM) return [];
          throw error;
        }
      }),
    );
    await this.removeTokens(tokens);
  }

  /** Loop's rooms in Janus (listed: `is_private: false`), with the label their description carries. */
  async listSessions(): Promise<LabelledSession[]> {
    const rooms = await withAttempts('listSessions', this.options.policy, () =>
      this.videoroom.withVideoRoom((request) => this.videoroom.listRooms(request)),
    );
    return rooms.flatMap((room) => {
      if (room.description !== ROOM_DESCRIPTION && !room.description.startsWith(LABEL_PREFIX)) return [];
      const ref = { room: room.room, publishers: room.maxPublishers };
      const label = room.description.startsWith(LABEL_PREFIX) ? room.description.slice(LABEL_PREFIX.length) : null;
      return [{ session: { sessionId: sessionIdOf(ref), apiKey: this.apiKey, channel: DEFAULT_CHANNEL }, label }];
    });
  }

  private async removeTokens(tokens: readonly string[]): Promise<void> {
    await Promise.allSettled(
      tokens.map((token) => withAttempts('removeToken', this.options.policy, () => this.admin.removeToken(token))),
    );
  }

  private destroyQuietly(session: ProviderSession): void {
    this.destroySession(session).catch(() => undefined);
  }

  /** A Janus session with VideoRoom attached (the API secret and the plugin), and the admin API's status. */
  async health(): Promise<HealthResult> {
    const once = { attempts: 1, timeoutMs: this.options.policy.timeoutMs };
    const checks = await Promise.allSettled([
      withAttempts('health', once, () => this.videoroom.check()),
      withAttempts('health', once, () => this.admin.check()),
    ]);
    const failures = checks.flatMap((check, index) =>
      check.status === 'rejected'
        ? [`${index === 0 ? 'Janus' : 'Janus admin API'}: ${failureReason(check.reason)}`]
        : [],
    );
    return failures.length === 0 ? { ok: true } : { ok: false, message: failures.join('; ') };
  }
}
