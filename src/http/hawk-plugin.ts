import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hawkIdHmac, mintAnonymousSession, touchSessionIfDue, type SessionDeps } from '../auth/sessions.ts';
import { sessionBox } from '../crypto/session-box.ts';
import { hawkNonce, serverAuthorizationHeader, verifyHawkRequest } from '../auth/hawk.ts';
import { LoopError } from '../errors/loop-error.ts';
import { basicToken } from './basic-credential.ts';
import type { SessionRecord } from '../auth/session-record.ts';
import { ownerKey } from '../auth/authenticated-session.ts';

export interface HawkPluginOptions {
  sessions: SessionDeps;
  skewSec: number;
  /**
   * Hawk signs the port. Behind TLS it is the public URL's (443 unless the URL names one), whatever the
   * proxy's Host header says; null for an `http` public URL: the Host header's port.
   */
  publicHttpsPort: number | null;
  /** Runs before an anonymous session is minted (the per-address limit); throws to refuse it. */
  beforeMint?: (request: FastifyRequest) => Promise<void>;
}

function hostAndPort(request: FastifyRequest, publicHttpsPort: number | null): { host: string; port: number } {
  const hostHeader = request.headers.host ?? '';
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader);
  // Clients sign the bare host name: an IPv6 literal without its brackets.
  const host = (match?.[1] ?? hostHeader).replace(/^\[(.*)\]$/, '$1');
  const port = publicHttpsPort ?? (match?.[2] ? Number(match[2]) : 80);
  return { host, port };
}

/**
 * Until when a request's nonce must be remembered: its timestamp passes the skew check while `now <= ts + skew`,
 * so one second past that suffices (for an honest clock about half the former `now + 2 × skew`: half the keys
 * or map entries held at a time). A timestamp that cannot pass fails verification and its nonce is forgotten;
 * meanwhile it gets the bound.
 */
function nonceExpiry(ts: string, now: number, skewSec: number): number {
  const tsMs = Number(ts) * 1000;
  // Every timestamp that can pass (ts <= now + skew) stays under this bound; only ones bound to fail meet it.
  const bound = now + 2 * skewSec * 1000 + 1000;
  return Number.isFinite(tsMs) ? Math.min(bound, Math.max(now + 1000, tsMs + skewSec * 1000 + 1000)) : bound;
}

/**
 * Authentication for every route, chosen by the route's `config.auth`. Runs in preValidation: after the
 * body is parsed (Hawk may sign it) and before schema validation (a stranger learns nothing from 400s).
 */
async function hawkPlugin(app: FastifyInstance, options: HawkPluginOptions): Promise<void> {
  const { sessions } = options;
  app.decorateRequest('session', null);
  app.decorateRequest('basicToken', null);
  app.decorateRequest('hawkResponseSigner', null);
  app.decorateRequest('mintSession', null);

  async function authenticate(request: FastifyRequest): Promise<void> {
    const { host, port } = hostAndPort(request, options.publicHttpsPort);
    const now = sessions.clock.now();
    // Hawk alone accepts a replay within the skew window; the nonce remembered with the session does not. The
    // session and the nonce are one store operation (one Redis round trip): the nonce is written only for a
    // known session, before the MAC is checked, and forgotten below when the request fails verification.
    let remembered: { hawkIdHmac: string; nonce: string } | null = null;
    const result = await verifyHawkRequest<{ key: string; record: SessionRecord; hawkId: string; fresh: boolean }>({
      header: request.headers.authorization,
      method: request.method,
      url: request.raw.url ?? request.url,
      host,
      port,
      nowMs: now,
      skewSec: options.skewSec,
      minTimestampMs: sessions.store.sessions.noncesKnownSince,
      payload:
        request.rawBody !== undefined
          ? { contentType: request.headers['content-type'] ?? '', body: request.rawBody }
          : undefined,
      credentialsLookup: async (id, attributes) => {
        const idHmac = hawkIdHmac(sessions, id);
        const nonce = hawkNonce(attributes);
        const found = await sessions.store.sessions
          .getAndRememberNonce(idHmac, nonce, nonceExpiry(attributes.ts, now, options.skewSec))
          .catch((error: unknown) => {
            request.log.error({ err: error }, 'session lookup failed');
            throw LoopError.backend();
          });
        if (!found) return null;
        if (found.fresh) remembered = { hawkIdHmac: idHmac, nonce };
        return { key: found.session.authKey, record: found.session, hawkId: id, fresh: found.fresh };
      },
    });
    if (!result.ok) {
      // A request that fails verification leaves no nonce behind: nobody can use it to refuse a later request.
      const toForget = remembered as { hawkIdHmac: string; nonce: string } | null;
      if (toForget) {
        await sessions.store.sessions.forgetNonce(toForget.hawkIdHmac, toForget.nonce).catch((error: unknown) => {
          request.log.warn({ err: error }, "forgetting a failed request's nonce failed");
        });
      }
      throw LoopError.unauthorized(result.message, result.wwwAuthenticate);
    }
    if (!result.credentials.fresh) throw LoopError.unauthorized('Invalid nonce', 'Hawk error="Invalid nonce"');
    const { record, hawkId } = result.credentials;
    const user = ownerKey(record);
    request.session = { record, user, registered: record.userMac !== null, box: sessionBox(hawkId) };
    request.hawkResponseSigner = () => serverAuthorizationHeader(result.artifacts, result.credentials);
    await touchSessionIfDue(sessions, record, user);
  }

  async function requireAuth(request: FastifyRequest): Promise<void> {
    const mode = request.routeOptions.config.auth ?? 'none';
    const authorization = request.headers.authorization;
    if (mode === 'room' && !(authorization && /^hawk\s/i.test(authorization))) {
      // Nothing, or a participant's Basic token (checked against the room by the use case); nothing else.
      if (!authorization) return;
      if (!/^basic\s/i.test(authorization))
        throw LoopError.unauthorized('Unsupported authentication scheme', 'Basic,Hawk error="Unsupported"');
      request.basicToken = basicToken(authorization);
      return;
    }
    if (authorization && /^browserid\s/i.test(authorization)) throw LoopError.browserIdGone();
    if (authorization && /^bearer\s/i.test(authorization) && request.routeOptions.config.bearer) return;
    if (mode === 'mint-if-absent' && !authorization) {
      // Not minted here: the route mints (`sessionOrMint`) once its input has passed every check, so a refused
      // request stores nothing and hands out no token.
      request.mintSession = async () => {
        await options.beforeMint?.(request);
        const { sessionToken, record, box } = await mintAnonymousSession(sessions);
        request.session = { record, user: ownerKey(record), registered: false, box, newSessionToken: sessionToken };
        return request.session;
      };
      return;
    }
    if (authorization && !/^hawk\s/i.test(authorization)) {
      throw LoopError.unauthorized('Unsupported authentication scheme', 'Hawk error="Unsupported"');
    }
    await authenticate(request);
    if (mode === 'registered' && !request.session?.registered) throw LoopError.registeredOnly();
  }

  function signResponse(
    request: FastifyRequest,
    reply: FastifyReply,
    payload: unknown,
    done: (error: null, payload: unknown) => void,
  ): void {
    if (request.session?.newSessionToken) {
      reply.header('hawk-session-token', request.session.newSessionToken);
      if (!reply.hasHeader('access-control-expose-headers'))
        reply.header('access-control-expose-headers', 'Hawk-Session-Token');
    }
    if (request.hawkResponseSigner && reply.statusCode < 400)
      reply.header('server-authorization', request.hawkResponseSigner());
    done(null, payload);
  }

  // Only routes with an auth mode get the hooks (first in their preValidation, so nothing runs for a stranger):
  // the link check and the other public routes no longer pay for two hooks that had nothing to do.
  app.addHook('onRoute', (route) => {
    if ((route.config?.auth ?? 'none') === 'none') return;
    const preValidation = asArray(route.preValidation);
    // Fastify derives the HEAD route from the GET's options, hooks included: add them once.
    if (preValidation.includes(requireAuth)) return;
    const beforeAuth = route.config?.beforeAuth;
    const checkFirst = beforeAuth ? [async (request: FastifyRequest) => beforeAuth(request)] : [];
    route.preValidation = [...checkFirst, requireAuth, ...preValidation];
    route.onSend = [signResponse, ...asArray(route.onSend)];
  });
}

function asArray<T>(hooks: T | T[] | undefined): T[] {
  if (hooks === undefined) return [];
  return Array.isArray(hooks) ? hooks : [hooks];
}

export default fp(hawkPlugin, { name: 'loop-hawk' });
