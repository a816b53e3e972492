import { createHmac } from 'node:crypto';
import { nowSec, type Clock } from '../../clock.ts';
import { randomBase64Url } from '../../crypto/random.ts';
import { DEFAULT_CHANNEL, type HealthResult, type ParticipantCredentials, type ParticipantRole, type Provider, type ProviderSession } from '../provider.ts';
import { signParticipantToken } from './participant-token.ts';

export interface BuiltinProviderOptions {
  secret: string;
  clock: Clock;
  tokenTtlSec: number;
}

/**
 * The provider that needs no outside service: session ids are random, participant tokens are signed by
 * this server and verified later by its own signalling relay.
 */
export class BuiltinProvider implements Provider {
  readonly name = 'builtin';
  readonly apiKey: string;
  readonly clientExtras = {};

  constructor(private readonly options: BuiltinProviderOptions) {
    // Stable across restarts and instances (derived from the shared secret) yet reveals nothing about it.
    this.apiKey = `loop-${createHmac('sha256', Buffer.from(options.secret, 'hex')).update('apiKey').digest('hex').slice(0, 16)}`;
  }

  async createSession(): Promise<ProviderSession> {
    return { sessionId: `loop_${randomBase64Url(24)}`, apiKey: this.apiKey, channel: DEFAULT_CHANNEL };
  }

  async createParticipantToken(session: ProviderSession, role: ParticipantRole): Promise<ParticipantCredentials> {
    const exp = nowSec(this.options.clock) + this.options.tokenTtlSec;
    return { token: signParticipantToken(this.options.secret, { sid: session.sessionId, role, exp }), extras: {} };
  }

  async health(): Promise<HealthResult> {
    return { ok: true };
  }
}
