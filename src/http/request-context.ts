/**
 * What the HTTP layer attaches to a request, typed once. Route options say how a route authenticates.
 */
import { LoopError } from '../errors/loop-error.ts';
import type { AuthenticatedSession } from '../auth/authenticated-session.ts';

/**
 * `hawk`: a valid Hawk header is required. `registered`: the same, and the session must be signed in (else
 * 403 errno 110). `mint-if-absent`: Hawk if sent, else a new session is minted. `none`.
 */
export type AuthMode = 'hawk' | 'registered' | 'mint-if-absent' | 'none';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthMode;
    /** The route handles `Authorization: Bearer` itself (sign-in with an access token). */
    bearer?: boolean;
  }
  interface FastifyRequest {
    /** Raw body text, kept for Hawk payload-hash verification. */
    rawBody?: string;
    session: AuthenticatedSession | null;
    /** Set after a successful Hawk verification, to sign the response. */
    hawkResponseSigner: (() => string) | null;
    /**
     * A GET's nonce check, still being written while its handler runs: resolves to the refusal (a replay, or
     * the store failing) or null. The response is sent only once it has resolved to null.
     */
    pendingReplayCheck: Promise<LoopError | null> | null;
  }
}

/** The session of a route declared `auth: 'hawk'` or `'mint-if-absent'`; the auth hook guarantees it. */
export function requireSession(request: { session: AuthenticatedSession | null }): AuthenticatedSession {
  if (!request.session) throw LoopError.unauthorized('Missing authentication', 'Hawk');
  return request.session;
}
