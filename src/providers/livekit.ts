import { AccessToken, RoomServiceClient } from 'livekit-server-sdk';
import { randomBase64Url } from '../crypto/random.ts';
import { failureReason, withAttempts, type AttemptPolicy } from './attempts.ts';
import {
  DEFAULT_CHANNEL,
  type HealthResult,
  type ParticipantCredentials,
  type ParticipantRole,
  type Provider,
  type ProviderSession,
  type RoomParticipantGrant,
} from './provider.ts';

export interface LiveKitProviderOptions {
  /** `ws(s)://` or `http(s)://`: the SDK speaks Twirp over its http form, clients get its ws form. */
  url: string;
  apiKey: string;
  apiSecret: string;
  tokenTtlSec: number;
  /** LiveKit closes a room left (or never) joined for this long. */
  emptyTimeoutSec: number;
  policy: AttemptPolicy;
}

/** A call holds two people: the room refuses a third. */
const CALL_PARTICIPANTS = 2;
/**
 * A Loop room lives for weeks and sits empty between meetings: its LiveKit room is kept a day when empty
 * (a call's is closed after LIVEKIT_EMPTY_TIMEOUT_SECONDS). After that, LiveKit's auto-create makes it again
 * when the next token holder joins, with the server's default limits.
 */
const ROOM_EMPTY_TIMEOUT_SEC = 86_400;
/** Looked up (never created) by the heartbeat: proves the URL and credentials, costs nothing. */
const HEARTBEAT_ROOM = 'loop-heartbeat';

export function websocketUrl(url: string): string {
  return url.replace(/^http(s?):/, 'ws$1:');
}

/**
 * A self-hosted (or cloud) LiveKit: a call is a room named after its session id, created through the
 * RoomService with an empty timeout and a limit of two; each side gets an access token for that room only.
 */
export class LiveKitProvider implements Provider {
  readonly name = 'livekit';
  readonly apiKey: string;
  readonly clientExtras: Readonly<Record<string, unknown>>;
  /** `room_finished` webhooks name the room, our session id (src/routes/livekit-webhook.ts). */
  readonly reportsBySession = true;
  private readonly rooms: RoomServiceClient;

  constructor(private readonly options: LiveKitProviderOptions) {
    // The API key is not secret: it is the `iss` of every token a client holds.
    this.apiKey = options.apiKey;
    this.clientExtras = { livekitUrl: websocketUrl(options.url) };
    // Our own bounded retries replace the SDK's cloud-region failover, so a call never waits on both.
    this.rooms = new RoomServiceClient(options.url, options.apiKey, options.apiSecret, {
      requestTimeout: options.policy.timeoutMs / 1000,
      failover: false,
    });
  }

  async createSession(options: { room?: { maxParticipants: number } } = {}): Promise<ProviderSession> {
    const sessionId = `loop_${randomBase64Url(18)}`;
    await withAttempts('createSession', this.options.policy, () =>
      this.rooms.createRoom({
        name: sessionId,
        emptyTimeout: options.room
          ? Math.max(ROOM_EMPTY_TIMEOUT_SEC, this.options.emptyTimeoutSec)
          : this.options.emptyTimeoutSec,
        maxParticipants: options.room?.maxParticipants ?? CALL_PARTICIPANTS,
      }),
    );
    return { sessionId, apiKey: this.apiKey, channel: DEFAULT_CHANNEL };
  }

  async createParticipantToken(session: ProviderSession, role: ParticipantRole): Promise<ParticipantCredentials> {
    const token = new AccessToken(this.options.apiKey, this.options.apiSecret, {
      identity: role,
      ttl: this.options.tokenTtlSec,
    });
    token.addGrant({
      room: session.sessionId,
      roomJoin: true,
      canPublish: true,
      canSubscribe: true,
      canPublishData: true,
    });
    return { token: await token.toJwt(), extras: { ...this.clientExtras } };
  }

  /** One participation: identity = roomConnectionId, name = displayName; the owner may administer the room. */
  async createRoomToken(session: ProviderSession, grant: RoomParticipantGrant): Promise<ParticipantCredentials> {
    const token = new AccessToken(this.options.apiKey, this.options.apiSecret, {
      identity: grant.roomConnectionId,
      name: grant.displayName,
      ttl: this.options.tokenTtlSec,
    });
    token.addGrant({
      room: session.sessionId,
      roomJoin: true,
      roomAdmin: grant.role === 'moderator',
      canPublish: true,
      canSubscribe: true,
      canPublishData: true,
    });
    return { token: await token.toJwt(), extras: { ...this.clientExtras } };
  }

  async health(): Promise<HealthResult> {
    try {
      await withAttempts('health', { attempts: 1, timeoutMs: this.options.policy.timeoutMs }, () =>
        this.rooms.listRooms([HEARTBEAT_ROOM]),
      );
      return { ok: true };
    } catch (error) {
      return { ok: false, message: `LiveKit: ${failureReason(error)}` };
    }
  }
}
