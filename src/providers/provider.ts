/**
 * A WebRTC provider: who hosts the media session two participants join. The call flow only ever talks
 * to this interface; the provider is picked once, at start-up, in `deps.ts`.
 */
export type ParticipantRole = 'caller' | 'callee';

export interface ProviderSession {
  sessionId: string;
}

export interface ParticipantCredentials {
  /** Sent as `sessionToken` in the Loop API. */
  token: string;
  /** Anything else a client of this provider needs (a URL to connect to, ICE servers…), added to answers. */
  extras: Record<string, unknown>;
}

export interface HealthResult {
  ok: boolean;
  /** Why it failed; safe to show (no secrets). */
  message?: string;
}

export interface Provider {
  /** Short name returned to clients as `provider`. */
  readonly name: string;
  /** Public identifier returned as `apiKey`, as the historical clients expect. */
  readonly apiKey: string;
  createSession(options: { channel?: string }): Promise<ProviderSession>;
  createParticipantToken(session: ProviderSession, role: ParticipantRole): Promise<ParticipantCredentials>;
  /** A cheap check that creates nothing billable. */
  health(): Promise<HealthResult>;
}

/** Any failure of the provider: the call is not created and the client gets 503 errno 201. */
export class ProviderError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProviderError';
  }
}
