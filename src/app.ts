/**
 * buildApp(deps): the Fastify instance with every plugin and route. It never listens: `main.ts` does, and
 * tests call `inject()` or listen on port 0.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { LoopDeps } from './deps.ts';
import { clientErrorHandler, frameworkErrors } from './errors/client-errors.ts';
import { registerErrorHandlers } from './errors/error-handler.ts';
import { registerBodyParsers } from './http/body-parsers.ts';
import { registerCors } from './http/cors.ts';
import hawkPlugin from './http/hawk-plugin.ts';
import './http/request-context.ts';
import { registerRateLimits } from './http/rate-limits.ts';
import { collectRouteTable } from './http/route-table.ts';
import { registerStandardHeaders } from './http/standard-headers.ts';
import { RequestSummaryLog } from './observability/request-log.ts';
import { analyticsEventRoutes } from './routes/analytics-event.ts';
import { callUrlRoutes } from './routes/call-urls.ts';
import { registerProgressRoute } from './realtime/progress/progress-route.ts';
import { registerWebsocketServer } from './realtime/websocket-server.ts';
import { registerSignallingRoute } from './realtime/signalling/signalling-route.ts';
import { BuiltinProvider } from './providers/builtin/builtin-provider.ts';
import { callRoutes } from './routes/calls.ts';
import { livekitWebhookRoutes } from './routes/livekit-webhook.ts';
import { linkPageRoutes } from './routes/link-page.ts';
import { registrationRoutes } from './routes/registration.ts';
import { roomRoutes } from './routes/rooms.ts';
import { serviceRoutes } from './routes/service.ts';
import { signInRoutes } from './routes/sign-in.ts';
import { userEventsRoutes } from './routes/user-events.ts';
import { webAppRoutes } from './routes/web-app.ts';
import { registerUserEventsRoute } from './realtime/user-events/user-events-route.ts';
import { registerApiDocument } from './routes/api-document.ts';
import { registerApiReference } from './routes/api-reference.ts';
import { contentResponse } from './routes/content-responses.ts';
import { LoopErrorBody } from './routes/error-responses.ts';

/** Every API route answers both at the root and under /v0, as the historical server did. */
const API_PREFIXES = ['', '/v0'] as const;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** The port clients sign for an `https` public URL (`https://loop.example:8443` -> 8443), null for `http`. */
function httpsPort(publicUrl: string): number | null {
  const url = new URL(publicUrl);
  return url.protocol === 'https:' ? Number(url.port || 443) : null;
}

/**
 * A request must arrive whole (headers and body) within LOOP_REQUEST_TIMEOUT_SECONDS, else 408 and the
 * connection is closed (Fastify's requestTimeout is 0 by default: a body that never completes held its
 * connection forever). An idle keep-alive connection is closed after the same time: a balancer in front must
 * idle out sooner (docs/deployment.md).
 */
function requestTimeouts(timeoutSec: number): { requestTimeout: number; keepAliveTimeout: number } {
  const timeoutMs = Math.round(timeoutSec * 1000);
  return { requestTimeout: timeoutMs, keepAliveTimeout: timeoutMs };
}

/**
 * Node enforces those timeouts only when it checks its connections (every 30 s by default): checked at least
 * four times per timeout (at most once per 100 ms), a slow request is cut within a quarter of the timeout of
 * it. The headers get the same bound (Node's own default, 60 s, would be longer than the request's).
 */
function connectionChecks(timeoutSec: number): { connectionsCheckingInterval: number; headersTimeout: number } {
  const timeoutMs = Math.round(timeoutSec * 1000);
  return { connectionsCheckingInterval: Math.max(100, Math.min(1000, timeoutMs / 4)), headersTimeout: timeoutMs };
}

export async function buildApp(deps: LoopDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app: FastifyInstance = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    // While draining (SIGTERM), a request on a connection accepted before the signal is served, not refused
    // with 503: a proxy cannot retry a refused POST elsewhere, and the stores stay open until the drain ends.
    return503OnClosing: false,
    logController: new RequestSummaryLog(),
    // Errors answered before a route runs are Loop JSON too (src/errors/client-errors.ts); a missing Host
    // is answered by registerErrorHandlers rather than by Node's empty 400.
    clientErrorHandler,
    frameworkErrors,
    http: { requireHostHeader: false, ...connectionChecks(config.requestTimeoutSec) },
    ...requestTimeouts(config.requestTimeoutSec),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } },
  });

  collectRouteTable(app);
  // The error body every route's responses refer to (`$ref: LoopError`), shared once.
  app.addSchema(LoopErrorBody);
  // Before any route: the document generator collects routes as they are added.
  await registerApiDocument(app, deps);
  registerErrorHandlers(app, { bodyLimitBytes: config.bodyLimitBytes });
  registerBodyParsers(app);
  registerStandardHeaders(app, { clock: deps.clock, retryAfterSec: config.retryAfterSec, metrics: deps.metrics });
  await registerCors(app, config.allowedOrigins);
  await registerRateLimits(app, { config, redis: deps.storeRedis, metrics: deps.metrics });
  await app.register(hawkPlugin, {
    sessions: {
      store: deps.store,
      clock: deps.clock,
      hawkIdSecret: deps.secrets.hawkIdSecret,
      sessionDurationSec: config.sessionDurationSec,
    },
    skewSec: config.hawkSkewSec,
    publicHttpsPort: httpsPort(config.publicUrl),
    beforeMint: app.rateLimited('sessions'),
  });
  // A body-less POST validates as an empty object, as the historical body parser made it. A callback hook:
  // it runs on every request, and an async one costs a promise and a microtask each time.
  app.addHook('preValidation', (request, _reply, done) => {
    if (request.body === undefined && BODY_METHODS.has(request.method)) request.body = {};
    done();
  });

  for (const prefix of API_PREFIXES) {
    await app.register(
      async (api) => {
        await api.register(serviceRoutes, { deps });
        await api.register(registrationRoutes, { deps });
        await api.register(signInRoutes, { deps });
        await api.register(callUrlRoutes, { deps });
        await api.register(callRoutes, { deps });
        await api.register(roomRoutes, { deps });
        await api.register(userEventsRoutes, { deps });
        await api.register(analyticsEventRoutes);
      },
      { prefix },
    );
  }
  await app.register(linkPageRoutes, { deps });
  await app.register(webAppRoutes, { deps });
  await registerApiReference(app, deps);
  if (config.provider === 'livekit' && config.livekitWebhook) await app.register(livekitWebhookRoutes, { deps });
  // Only at the root: progressURL (and signallingURL) name these paths exactly.
  const websockets = await registerWebsocketServer(app, {
    maxFrameBytes: config.wsMaxFrameBytes,
    idleTimeoutMs: Math.round(config.wsIdleTimeoutSec * 1000),
  });
  // One first-frame timeout for the three sockets (progress `hello`, events `hello`, signalling `join`).
  const helloTimeoutMs = Math.round(config.wsHelloTimeoutSec * 1000);
  registerProgressRoute({ deps, websockets, maxSocketsPerCall: config.wsMaxSocketsPerCall, helloTimeoutMs });
  registerUserEventsRoute({ deps, websockets, helloTimeoutMs });
  if (deps.provider instanceof BuiltinProvider)
    registerSignallingRoute({ deps, provider: deps.provider, websockets, joinTimeoutMs: helloTimeoutMs });
  // Stored deadlines are picked up when the app is ready (after a restart too) and left to the store on close.
  app.addHook('onReady', async () => {
    await deps.timers.start();
    await deps.roomTimers.start();
    deps.roomSessionSweep.start();
  });
  app.addHook('onClose', async () => {
    await deps.timers.stop();
    await deps.roomTimers.stop();
    await deps.roomSessionSweep.stop();
  });
  const metricsSchema = {
    summary: 'Prometheus metrics',
    tags: ['service'],
    response: { 200: contentResponse('text/plain', 'The Prometheus text format.') },
  };
  app.get('/metrics', { schema: metricsSchema }, async (_request, reply) => {
    return reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  return app;
}
