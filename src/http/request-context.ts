/**
 * What the HTTP layer attaches to a request, typed once. Route options say how a route authenticates.
 */
import { LoopError } from '../errors/loop-error.ts';
import type { AuthenticatedSession } from '../auth/authenticated-session.ts';
import type { RoomCredential } from '../rooms/room-credential.ts';

/**
 * `hawk`: a valid Hawk header is required. `registered`: the same, and the session must be signed in (else
 * 403 errno 110). `mint-if-absent`: Hawk if sent, else the route mints a new session (`sessionOrMint`) after
 * its checks. `room` (room GET/POST by token, spec §3.7): nothing, Hawk, or a participant's Basic token,
 * which the use case checks against the room. `none`.
 */
export type AuthMode = 'hawk' | 'registered' | 'mint-if-absent' | 'room' | 'none';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthMode;
    /** The route handles `Authorization: Bearer` itself (sign-in with an access token). */
    bearer?: boolean;
    /**
     * Checks that run before authentication, where the 2016 server ran them first (`POST /event` checks its
     * parameters, then Hawk): a stranger then learns which fields are missing, as 2016 clients expect.
     */
    beforeAuth?: (request: FastifyRequest) => void;
  }
  interface FastifyRequest {
    /** Raw body text, kept for Hawk payload-hash verification. */
    rawBody?: string;
    session: AuthenticatedSession | null;
    /** The token of an `Authorization: Basic` header, on `room` routes only. */
    basicToken: string | null;
    /** Set after a successful Hawk verification, to sign the response. */
    hawkResponseSigner: (() => string) | null;
    /** On a `mint-if-absent` route called without credentials: mints the session (see `sessionOrMint`). */
    mintSession: (() => Promise<AuthenticatedSession>) | null;
  }
}

/** The session of a route declared `auth: 'hawk'` or `'registered'`; the auth hook guarantees it. */
export function requireSession(request: { session: AuthenticatedSession | null }): AuthenticatedSession {
  if (!request.session) throw LoopError.unauthorized('Missing authentication', 'Hawk');
  return request.session;
}

/** The credential a `room` route was called with, as the room use cases take it. */
export function roomCredential(request: {
  session: AuthenticatedSession | null;
  basicToken: string | null;
}): RoomCredential {
  if (request.session) return { kind: 'hawk', session: request.session };
  if (request.basicToken !== null) return { kind: 'basic', token: request.basicToken };
  return { kind: 'none' };
}

/**
 * The session of a `mint-if-absent` route: the Hawk one, or a new anonymous one minted now. Call it after the
 * route's own checks: a request refused before it stores no session.
 */
export async function sessionOrMint(request: {
  session: AuthenticatedSession | null;
  mintSession: (() => Promise<AuthenticatedSession>) | null;
}): Promise<AuthenticatedSession> {
  if (request.session) return request.session;
  if (request.mintSession) return request.mintSession();
  return requireSession(request);
}
