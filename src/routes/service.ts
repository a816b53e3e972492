import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createRequire } from 'node:module';
import type { LoopDeps } from '../deps.ts';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/** Resolves with the check's verdict, or false once `timeoutMs` passes: a hung dependency must not hang the heartbeat. */
async function withTimeout(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([check().catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export const serviceRoutes: FastifyPluginAsyncTypebox<{ deps: LoopDeps }> = async (app, { deps }) => {
  app.get('/', async (request) => {
    const lang = request.headers['accept-language']?.split(',')[0]?.trim();
    return {
      name: 'loop-server',
      description: 'Loop: send someone a link, they click it, you are in a call.',
      version,
      homepage: 'https://github.com/loop-server/loop-server',
      endpoint: deps.config.publicUrl,
      provider: deps.provider.name,
      fakeTokBox: false,
      // `fxaOAuth` is what 2016 clients look at; `signIn` says how to sign in today.
      fxaOAuth: deps.identity !== null,
      signIn: deps.identity
        ? {
            enabled: true,
            protocol: 'openid-connect',
            issuer: deps.identity.settings.issuer,
            clientId: deps.identity.settings.clientId,
            scope: deps.identity.settings.scopes.join(' '),
          }
        : { enabled: false },
      i18n: { defaultLang: 'en-US', ...(lang ? { lang } : {}) },
    };
  });

  app.get('/__heartbeat__', async (_request, reply) => {
    const timeoutMs = deps.config.heartbeatTimeoutMs;
    let providerMessage: string | undefined;
    const [storage, provider] = await Promise.all([
      withTimeout(async () => (await deps.store.ping(), true), timeoutMs),
      withTimeout(async () => {
        const health = await deps.provider.health();
        providerMessage = health.message;
        return health.ok;
      }, timeoutMs),
    ]);
    // As in 2016, `message` says why the provider check failed (never a secret: see HealthResult).
    const message = provider
      ? {}
      : { message: providerMessage ?? `${deps.provider.name}: no answer within ${timeoutMs} ms` };
    return reply.code(storage && provider ? 200 : 503).send({ storage, provider, ...message });
  });

  app.get('/__lbheartbeat__', async () => ({}));

  app.get('/push-server-config', async () => {
    const uris = deps.config.pushServerUris;
    // `vapidPublicKey` is the `applicationServerKey` a browser passes to `pushManager.subscribe()`.
    return {
      pushServerURI: uris[Math.floor(Math.random() * uris.length)] ?? null,
      vapidPublicKey: deps.secrets.vapidPublicKey,
    };
  });
};
