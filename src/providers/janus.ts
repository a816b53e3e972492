/**
 * Janus WebRTC Server with its VideoRoom plugin, as an SFU: each call or room is a VideoRoom room (numeric
 * id, a secret derived from Loop's, `publishers` = its size) that lets in only tokens Loop lists in its
 * `allowed` list. Each participant's token is also added to Janus's stored tokens (`token_auth`), so it can
 * open a Janus session and attach VideoRoom at all. A token alone is valid in every room; the `allowed`
 * list is what keeps a participant to its own room, and a stranger with a room id out of all of them.
 * With several Janus servers (`JANUS_INSTANCES`) each call or room is made on the least loaded one
 * (`janus/janus-load.ts`) and stays there: its session id names it, so every request about it, from any
 * Loop instance, goes to that Janus.
 */
import { nowSec, type Clock } from '../clock.ts';
import { keyedHash } from '../crypto/keyed-hash.ts';
import { randomBase64Url } from '../crypto/random.ts';
import { failureReason, withAttempts, type AttemptPolicy } from './attempts.ts';
import { iceServersFor, type IceServer, type IceSettings } from './builtin/ice-servers.ts';
import type { JanusInstances } from '../config/janus-instances.ts';
import { JanusAdminClient } from './janus/janus-admin.ts';
import { JanusError } from './janus/janus-http.ts';
import { JanusLoad, NoJanusAvailable } from './janus/janus-load.ts';
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
  /**
   * Every Janus by name (`config/janus-instances.ts`): its HTTP API as Loop reaches it
   * (`http://127.0.0.1:8088/janus`), its admin API (token management only), and where browsers reach the
   * HTTP API (handed to them as `janusUrl`; `url` when empty).
   */
  instances: JanusInstances;
  apiSecret: string;
  adminSecret: string;
  /** A Loop secret (hex) the room secrets are derived from. */
  secret: string;
  clock: Clock;
  ice: IceSettings;
  policy: AttemptPolicy;
}

/** One Janus server: its clients, and the URL browsers are given. */
interface JanusInstance {
  name: string;
  videoroom: JanusVideoRoomClient;
  admin: JanusAdminClient;
  publicUrl: string;
}

/** How long the rooms count of each Janus is trusted when choosing where a new room goes. */
const LOAD_TTL_MS = 2000;

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
  /** `janusUrl` depends on the Janus a session is on: it comes with each participant's extras. */
  readonly clientExtras: Readonly<Record<string, unknown>> = {};
  private readonly instances = new Map<string, JanusInstance>();
  private readonly load: JanusLoad;

  constructor(private readonly options: JanusProviderOptions) {
    const timeoutMs = options.policy.timeoutMs;
    for (const [name, settings] of Object.entries(options.instances)) {
      this.instances.set(name, {
        name,
        videoroom: new JanusVideoRoomClient({ url: settings.url, apiSecret: options.apiSecret, timeoutMs }),
        admin: new JanusAdminClient({ url: settings.adminUrl, adminSecret: options.adminSecret, timeoutMs }),
        publicUrl: settings.publicUrl || settings.url,
      });
    }
    this.load = new JanusLoad({
      instances: [...this.instances.keys()],
      source: { roomCount: (name) => this.roomCount(this.instanceNamed(name)) },
      ttlMs: LOAD_TTL_MS,
      now: () => options.clock.now(),
    });
  }

  /** The Janus a session's room is on, with the room; a ProviderError when no configured Janus has that name. */
  private locate(sessionId: string): { ref: JanusRoomRef; janus: JanusInstance } | null {
    const ref = roomOf(sessionId);
    if (!ref) return null;
    return { ref, janus: this.instanceNamed(ref.instance) };
  }

  private instanceNamed(name: string): JanusInstance {
    const janus = this.instances.get(name);
    if (!janus) throw new ProviderError(`no Janus named "${name}" is configured`);
    return janus;
  }

  /** The Janus URL and room to join, and fresh TURN credentials when TURN is configured. */
  participantExtras(sessionId: string, role: ParticipantRole): Record<string, unknown> {
    return this.extrasFor(sessionId, role);
  }

  private extrasFor(sessionId: string, participant: string): Record<string, unknown> {
    const ref = roomOf(sessionId);
    const janus = ref ? this.instances.get(ref.instance) : undefined;
    const extras: Record<string, unknown> = ref ? { janusRoom: ref.room } : {};
    if (janus) extras.janusUrl = janus.publicUrl;
    const iceServers = this.iceServers(sessionId, participant);
    if (iceServers.length > 0) extras.iceServers = iceServers;
    return extras;
  }

  private iceServers(sessionId: string, participant: string): IceServer[] {
    const participantId = keyedHash(this.options.secret, `turn\n${sessionId}\n${participant}`).slice(0, 20);
    return iceServersFor(this.options.ice, participantId, nowSec(this.options.clock));
  }

  /**
   * A VideoRoom room on the least loaded Janus. One that fails (after its attempts) is left out and the
   * next one tried, so a Janus that died since the loads were read costs a room nothing but time.
   */
  async createSession(options: { channel?: string; room?: RoomSessionOptions }): Promise<ProviderSession> {
    let lastError: unknown = null;
    for (let tried = 0; tried < this.instances.size; tried += 1) {
      let instance: string;
      try {
        instance = await this.load.choose();
      } catch (error) {
        if (!(error instanceof NoJanusAvailable)) throw error;
        throw new ProviderError(error.message, { cause: lastError ?? error });
      }
      try {
        return await this.createSessionOn(this.instanceNamed(instance), options);
      } catch (error) {
        this.load.markDown(instance, error);
        lastError = error;
      }
    }
    throw lastError;
  }

  private async createSessionOn(
    janus: JanusInstance,
    options: { room?: RoomSessionOptions },
  ): Promise<ProviderSession> {
    const publishers = options.room?.maxParticipants ?? CALL_PUBLISHERS;
    const ref: JanusRoomRef = { room: newRoomId(), publishers, instance: janus.name };
    const session: ProviderSession = { sessionId: sessionIdOf(ref), apiKey: this.apiKey, channel: DEFAULT_CHANNEL };
    const description = descriptionOf(options.room?.label);
    try {
      await withAttempts('createSession', this.options.policy, () =>
        janus.videoroom.withVideoRoom((request) => this.createRoom(janus, request, ref, [], description)),
      );
    } catch (error) {
      // An attempt that timed out may still have made the room: nothing is left half-made.
      this.destroyQuietly(session);
      throw error;
    }
    return session;
  }

  /** How many of Loop's rooms a Janus holds (its load); one attempt, bounded like the others. */
  private async roomCount(janus: JanusInstance): Promise<number> {
    const once = { attempts: 1, timeoutMs: this.options.policy.timeoutMs };
    const rooms = await withAttempts('roomCount', once, () =>
      janus.videoroom.withVideoRoom((request) => janus.videoroom.listRooms(request)),
    );
    return rooms.filter((room) => isLoopRoom(room.description)).length;
  }

  /**
   * A retry after a lost answer finds the room already made: it is ours if our derived secret opens it
   * (an `allowed` request with no change), and anyone else's room refuses that secret.
   */
  private async createRoom(
    janus: JanusInstance,
    request: VideoRoomRequest,
    ref: JanusRoomRef,
    allowed: string[],
    description: string,
  ): Promise<void> {
    const secret = roomSecret(this.options.secret, ref.room);
    try {
      await janus.videoroom.createRoom(request, {
        room: ref.room,
        secret,
        description,
        publishers: ref.publishers,
        allowed,
      });
    } catch (error) {
      if (!(error instanceof JanusError && error.code === ROOM_EXISTS)) throw error;
      await janus.videoroom.changeAllowed(request, ref.room, secret, 'add', allowed);
    }
  }

  async createParticipantToken(session: ProviderSession, role: ParticipantRole): Promise<ParticipantCredentials> {
    const token = await this.admit(session);
    return { token, extras: this.extrasFor(session.sessionId, role) };
  }

  async createRoomToken(session: ProviderSession, grant: RoomParticipantGrant): Promise<ParticipantCredentials> {
    const token = await this.admit(session);
    return { token, extras: this.extrasFor(session.sessionId, grant.roomConnectionId) };
  }

  /**
   * A fresh token, stored in Janus (to attach VideoRoom) and listed in this room's `allowed` list (to join
   * it). A room Janus lost (a restart: rooms are not permanent) is made again with the same id and secret.
   */
  private async admit(session: ProviderSession): Promise<string> {
    const located = this.locate(session.sessionId);
    if (!located) throw new ProviderError('not a Janus session');
    const { ref, janus } = located;
    const token = randomBase64Url(24);
    const secret = roomSecret(this.options.secret, ref.room);
    await withAttempts('addToken', this.options.policy, () => janus.admin.addToken(token));
    try {
      await withAttempts('allowToken', this.options.policy, () =>
        janus.videoroom.withVideoRoom(async (request) => {
          try {
            await janus.videoroom.changeAllowed(request, ref.room, secret, 'add', [token]);
          } catch (error) {
            if (!(error instanceof JanusError && error.code === NO_SUCH_ROOM)) throw error;
            // Its label is lost with it: the sweep then leaves it to the room's deletion (or to Janus's restart).
            await this.createRoom(janus, request, ref, [token], ROOM_DESCRIPTION);
          }
        }),
      );
    } catch (error) {
      void this.removeTokens(janus, [token]);
      throw error;
    }
    return token;
  }

  /** Destroys the room (which disconnects whoever is in it) and removes every token it allowed. */
  async destroySession(session: ProviderSession): Promise<void> {
    const located = this.locate(session.sessionId);
    if (!located) return;
    const { ref, janus } = located;
    const secret = roomSecret(this.options.secret, ref.room);
    const tokens = await withAttempts('destroySession', this.options.policy, () =>
      janus.videoroom.withVideoRoom(async (request) => {
        try {
          // Adding nothing answers the current list: the tokens to remove once the room is gone.
          const allowed = await janus.videoroom.changeAllowed(request, ref.room, secret, 'add', []);
          await janus.videoroom.destroyRoom(request, ref.room, secret);
          return allowed;
        } catch (error) {
          if (error instanceof JanusError && error.code === NO_SUCH_ROOM) return [];
          throw error;
        }
      }),
    );
    await this.removeTokens(janus, tokens);
  }

  /**
   * Loop's rooms in every Janus (listed: `is_private: false`), with the label their description carries. A
   * Janus that does not answer is skipped (its rooms are swept once it answers again); none answering fails.
   */
  async listSessions(): Promise<LabelledSession[]> {
    const listed = await Promise.allSettled(
      [...this.instances.values()].map(async (janus) => {
        const rooms = await withAttempts('listSessions', this.options.policy, () =>
          janus.videoroom.withVideoRoom((request) => janus.videoroom.listRooms(request)),
        );
        return rooms.flatMap((room) => {
          if (!isLoopRoom(room.description)) return [];
          const ref = { room: room.room, publishers: room.maxPublishers, instance: janus.name };
          const label = room.description.startsWith(LABEL_PREFIX) ? room.description.slice(LABEL_PREFIX.length) : null;
          return [{ session: { sessionId: sessionIdOf(ref), apiKey: this.apiKey, channel: DEFAULT_CHANNEL }, label }];
        });
      }),
    );
    const failed = listed.find((result) => result.status === 'rejected');
    if (failed && listed.every((result) => result.status === 'rejected')) throw failed.reason;
    return listed.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
  }

  private async removeTokens(janus: JanusInstance, tokens: readonly string[]): Promise<void> {
    await Promise.allSettled(
      tokens.map((token) => withAttempts('removeToken', this.options.policy, () => janus.admin.removeToken(token))),
    );
  }

  private destroyQuietly(session: ProviderSession): void {
    this.destroySession(session).catch(() => undefined);
  }

  /**
   * For every Janus: a session with VideoRoom attached (the API secret and the plugin), and the admin API's
   * status (the admin secret). Healthy only when all answer: a Janus down fails the rooms it holds. The
   * message names each failure (`Janus: …`, `Janus admin API: …`, with the instance's name when there are
   * several), never a secret.
   */
  async health(): Promise<HealthResult> {
    const once = { attempts: 1, timeoutMs: this.options.policy.timeoutMs };
    const several = this.instances.size > 1;
    const failures = (
      await Promise.all(
        [...this.instances.values()].map(async (janus) => {
          const checks = await Promise.allSettled([
            withAttempts('health', once, () => janus.videoroom.check()),
            withAttempts('health', once, () => janus.admin.check()),
          ]);
          const which = several ? ` ${janus.name}` : '';
          return checks.flatMap((check, index) =>
            check.status === 'rejected'
              ? [`${index === 0 ? `Janus${which}` : `Janus${which} admin API`}: ${failureReason(check.reason)}`]
              : [],
          );
        }),
      )
    ).flat();
    return failures.length === 0 ? { ok: true } : { ok: false, message: failures.join('; ') };
  }
}

function isLoopRoom(description: string): boolean {
  return description === ROOM_DESCRIPTION || description.startsWith(LABEL_PREFIX);
}
