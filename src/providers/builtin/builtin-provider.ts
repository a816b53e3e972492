import { nowSec, type Clock } from '../../clock.ts';
import { keyedHash } from '../../crypto/keyed-hash.ts';
import { randomBase64Url } from '../../crypto/random.ts';
import {
  DEFAULT_CHANNEL,
  type HealthResult,
  type ParticipantCredentials,
  type ParticipantRole,
  type Provider,
  type ProviderSession,
  type RoomParticipantGrant,
} from '../provider.ts';
import { iceServersFor, type IceServer, type IceSettings } from './ice-servers.ts';
import { signParticipantToken, verifyParticipantToken, type ParticipantClaims } from './participant-token.ts';

export interface BuiltinProviderOptions {
  secret: string;
  clock: Clock;
  tokenTtlSec: number;
  /** The signalling relay's websocket URL, handed to clients as `signallingURL`. */
  signallingUrl: string;
  ice: IceSettings;
}

/**
 * The provider that needs no outside service: session ids are random, participant tokens are signed by
 * this server and verified later by its own signalling relay.
 */
export class BuiltinProvider implements Provider {
  readonly name = 'builtin';
  readonly apiKey: string;
  readonly clientExtras: Readonly<Record<string, unknown>>;

  constructor(private readonly options: BuiltinProviderOptions) {
    // Stable across restarts and instances (derived from the shared secret) yet reveals nothing about it.
    this.apiKey = `loop-${keyedHash(options.secret, 'apiKey').slice(0, 16)}`;
    this.clientExtras = { signallingURL: options.signallingUrl };
  }

  /** Fresh TURN credentials each time; the TURN id is a keyed hash of session and side, never a user id. */
  participantExtras(sessionId: string, role: ParticipantRole): Record<string, unknown> {
    return { iceServers: this.iceServers(sessionId, role) };
  }

  iceServers(sessionId: string, role: ParticipantRole): IceServer[] {
    const participantId = keyedHash(this.options.secret, `turn\n${sessionId}\n${role}`).slice(0, 20);
    return iceServersFor(this.options.ice, participantId, nowSec(this.options.clock));
  }

  /** The claims of a participant token this provider signed, while it is valid. */
  verifyToken(token: string): ParticipantClaims | null {
    return verifyParticipantToken(this.options.secret, token, nowSec(this.options.clock));
  }

  async createSession(): Promise<ProviderSession> {
    return { sessionId: `loop_${randomBase64Url(24)}`, apiKey: this.apiKey, channel: DEFAULT_CHANNEL };
  }

  async createParticipantToken(session: ProviderSession, role: ParticipantRole): Promise<ParticipantCredentials> {
    const token = this.participantTokenAt(session.sessionId, role, nowSec(this.options.clock));
    // Object.assign: a spread followed by new properties is slow on Node 20 (docs/performance.md).
    return { token, extras: Object.assign({}, this.clientExtras, this.participantExtras(session.sessionId, role)) };
  }

  /** Deterministic: the same session, role and time (and secret and TTL) sign the same claims. */
  participantTokenAt(sessionId: string, role: ParticipantRole, issuedAtSec: number): string {
    return signParticipantToken(this.options.secret, {
      sid: sessionId,
      role,
      exp: issuedAtSec + this.options.tokenTtlSec,
    });
  }

  /**
   * A room's participation: signed claims naming the peer (`pid`, the roomConnectionId) and its name for the
   * relay to announce; the TURN id is a keyed hash of session and participation.
   */
  async createRoomToken(session: ProviderSession, grant: RoomParticipantGrant): Promise<ParticipantCredentials> {
    const now = nowSec(this.options.clock);
    const token = signParticipantToken(this.options.secret, {
      sid: session.sessionId,
      role: grant.role,
      pid: grant.roomConnectionId,
      name: grant.displayName,
      exp: now + this.options.tokenTtlSec,
    });
    const turnId = keyedHash(this.options.secret, `turn\n${session.sessionId}\n${grant.roomConnectionId}`).slice(0, 20);
    const iceServers = iceServersFor(this.options.ice, turnId, now);
    return { token, extras: Object.assign({}, this.clientExtras, { iceServers }) };
  }

  async health(): Promise<HealthResult> {
    return { ok: true };
  }
}
