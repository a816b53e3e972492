import OpenTok from 'opentok';
import { nowSec, type Clock } from '../clock.ts';
import type { OpenTokChannels, OpenTokCredentials } from '../config/opentok-channels.ts';
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

export interface OpenTokProviderOptions {
  /** Every credential set by channel name; `default` is required. */
  channels: OpenTokChannels;
  /** Used by channels that name no `apiUrl`. */
  apiUrl: string;
  mediaMode: 'relayed' | 'routed';
  tokenTtlSec: number;
  clock: Clock;
  policy: AttemptPolicy;
}

interface Channel {
  name: string;
  apiKey: string;
  client: OpenTok;
}

/**
 * Vonage Video API (OpenTok), as the 2016 server used it (spec §10): one session per call created over
 * the REST API, two `publisher` tokens signed locally, the channel's `apiKey` handed to clients.
 */
export class OpenTokProvider implements Provider {
  readonly name = 'opentok';
  readonly clientExtras = {};
  private readonly channels = new Map<string, Channel>();

  constructor(private readonly options: OpenTokProviderOptions) {
    for (const [name, credentials] of Object.entries(options.channels))
      this.channels.set(name, this.open(name, credentials));
    if (!this.channels.has(DEFAULT_CHANNEL)) throw new Error('OpenTokProvider needs a "default" channel');
  }

  private open(name: string, credentials: OpenTokCredentials): Channel {
    const apiUrl = credentials.apiUrl ?? this.options.apiUrl;
    return {
      name,
      apiKey: credentials.apiKey,
      client: new OpenTok(credentials.apiKey, credentials.apiSecret, {
        apiUrl,
        timeout: this.options.policy.timeoutMs,
      }),
    };
  }

  /** Unknown channels silently fall back to `default`, as in 2016. */
  private channel(name: string | undefined): Channel {
    return (
      (name !== undefined ? this.channels.get(name) : undefined) ?? (this.channels.get(DEFAULT_CHANNEL) as Channel)
    );
  }

  get apiKey(): string {
    return this.channel(DEFAULT_CHANNEL).apiKey;
  }

  /** A room's session is made like a call's (the media mode as configured), once, when the room is created. */
  async createSession(options: { channel?: string; room?: { maxParticipants: number } }): Promise<ProviderSession> {
    const channel = this.channel(options.channel);
    const sessionId = await withAttempts(
      'createSession',
      this.options.policy,
      () =>
        new Promise<string>((resolve, reject) => {
          channel.client.createSession({ mediaMode: this.options.mediaMode }, (error, session) => {
            if (error || !session) reject(error ?? new Error('OpenTok answered without a session'));
            else resolve(session.sessionId);
          });
        }),
    );
    return { sessionId, apiKey: channel.apiKey, channel: channel.name };
  }

  async createParticipantToken(session: ProviderSession, _role: ParticipantRole): Promise<ParticipantCredentials> {
    // Both sides of a call publish; the SDK checks that the session belongs to this channel's key.
    const expireTime = nowSec(this.options.clock) + this.options.tokenTtlSec;
    const token = this.channel(session.channel).client.generateToken(session.sessionId, {
      role: 'publisher',
      expireTime,
    });
    return { token, extras: {} };
  }

  /** As 2016: the owner is `moderator` (may force others out), everyone else `publisher`; `data` names them. */
  async createRoomToken(session: ProviderSession, grant: RoomParticipantGrant): Promise<ParticipantCredentials> {
    const token = this.channel(session.channel).client.generateToken(session.sessionId, {
      role: grant.role,
      expireTime: nowSec(this.options.clock) + this.options.tokenTtlSec,
      data: JSON.stringify({ displayName: grant.displayName, roomConnectionId: grant.roomConnectionId }),
    });
    return { token, extras: {} };
  }

  /**
   * Lists at most one archive per channel: authenticated and read-only, so it proves the credentials and
   * the API without creating a session (the 2016 heartbeat created one on every check).
   */
  async health(): Promise<HealthResult> {
    const checks = [...this.channels.values()].map(async (channel) => {
      try {
        await withAttempts(
          'health',
          { attempts: 1, timeoutMs: this.options.policy.timeoutMs },
          () =>
            new Promise<void>((resolve, reject) => {
              channel.client.listArchives({ count: 1 }, (error) => (error ? reject(error) : resolve()));
            }),
        );
        return null;
      } catch (error) {
        return `OpenTok channel "${channel.name}": ${failureReason(error)}`;
      }
    });
    const failures = (await Promise.all(checks)).filter((failure): failure is string => failure !== null);
    return failures.length === 0 ? { ok: true } : { ok: false, message: failures.join('; ') };
  }
}
