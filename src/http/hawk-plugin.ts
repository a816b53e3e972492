import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hawkIdHmac, mintAnonymousSession, touchSessionIfDue, type SessionDeps } from '../auth/sessions.ts';
import { sessionBox } from '../crypto/session-box.ts';
import { nonceKey, serverAuthorizationHeader, verifyHawkRequest } from '../auth/hawk.ts';
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

/** RFC 9110's safe methods among those Loop serves: a request with one of them changes no stored state. */
const SAFE_METHODS = new Set(['GET', 'HEAD']);

function hostAndPort(request: FastifyRequest, publicHttpsPort: number | null): { host: string; port: number } {
  const hostHeader = request.headers.host ?? '';
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader);
  // Clients sign the bare host name: an IPv6 literal without its brackets.
  const host = (match?.[1] ?? hostHeader).replace(/^\[(.*)\]$/, '$1');
  const port = publicHttpsPort ?? (match?.[2] ? Number(match[2]) : 80);
  return { host, port };
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
  app.decorateRequest('pendingReplayCheck', null);
  app.decorateRequest('mintSession', null);

  async function authenticate(request: FastifyRequest): Promise<void> {
    const { host, port } = hostAndPort(request, options.publicHttpsPort);
    const result = await verifyHawkRequest<{ key: string; record: SessionRecord; hawkId: string }>({
      header: request.headers.authorization,
      method: request.method,
      url: request.raw.url ?? request.url,
      host,
      port,
      nowMs: sessions.clock.now(),
      skewSec: options.skewSec,
      payload:
        request.rawBody !== undefined
          ? { contentType: request.headers['content-type'] ?? '', body: request.rawBody }
          : undefined,
      credentialsLookup: async (id) => {
        const record = await sessions.store.sessions.get(hawkIdHmac(sessions, id)).catch((error: unknown) => {
          request.log.error({ err: error }, 'session lookup failed');
          throw LoopError.backend();
        });
        return record ? { key: record.authKey, record, hawkId: id } : null;
      },
    });
    if (!result.ok) throw LoopError.unauthorized(result.message, result.wwwAuthenticate);
    // Hawk alone accepts a replay within the skew window; a nonce remembered by the shared store does not.
    const replayCheck = sessions.store.nonces
      .remember(nonceKey(result.artifacts), sessions.clock.now() + 2 * options.skewSec * 1000)
      .then(
        (fresh) => (fresh ? null : LoopError.unauthorized('Invalid nonce', 'Hawk error="Invalid nonce"')),
        (error: unknown) => {
          request.log.error({ err: error }, 'nonce check failed');
          return LoopError.backend();
        },
      );
    if (SAFE_METHODS.has(request.method)) {
      // A safe method changes nothing, so its handler may read while the nonce is being written: on SQLite
      // the write and the handler's read then share one transaction, on Redis one round trip. Nothing is sent
      // before the check has passed (registerReplayGate waits for it).
      request.pendingReplayCheck = replayCheck;
    } else {
      const refusal = await replayCheck;
      if (refusal) throw refusal;
    }
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

/**
 * Holds a response whose request's replay check is still pending (a GET, see `authenticate`) until the check
 * answers, and replaces it, whatever it was, with the refusal when the check fails. An app-level hook, to be
 * added before the standard headers: a refusal then gets a 401's headers and is counted as a 401. Not routed
 * through the error handler: an error raised while an error response is on its way would reach Fastify's
 * default handler and lose the Loop JSON shape.
 */
export function registerReplayGate(app: FastifyInstance): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    const replayCheck = request.pendingReplayCheck;
    if (!replayCheck) {
      done(null, payload);
      return;
    }
    request.pendingReplayCheck = null;
    void replayCheck.then((refusal) => {
      if (!refusal) {
        done(null, payload);
        return;
      }
      void reply
        .code(refusal.status)
        .headers(refusal.headers)
        .header('content-type', 'application/json; charset=utf-8');
      done(null, JSON.stringify(refusal.toBody()));
    });
  });
}

function asArray<T>(hooks: T | T[] | undefined): T[] {
  if (hooks === undefined) return [];
  return Array.isArray(hooks) ? hooks : [hooks];
}

export default fp(hawkPlugin, { name: 'loop-hawk' });
