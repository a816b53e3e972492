import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createRequire } from 'node:module';
import { Type } from 'typebox';
import type { LoopDeps } from '../deps.ts';
import { readBuildInfo } from '../observability/build-info.ts';
import { Closed } from '../presenters/closed-object.ts';
import { errorResponses } from './error-responses.ts';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };
/** Read once, at start: the checkout does not change under a running process. */
const build = readBuildInfo();
const buildFields = {
  ...(build.rev !== null ? { rev: build.rev } : {}),
  ...(build.branch !== null ? { branch: build.branch } : {}),
};

const TAGS = ['service'];
const ServiceDescription = Closed(
  {
    name: Type.String(),
    description: Type.String(),
    version: Type.String(),
    rev: Type.Optional(Type.String({ description: "The build's git commit (when known)." })),
    branch: Type.Optional(Type.String({ description: "The build's git branch (when known)." })),
    homepage: Type.String(),
    endpoint: Type.String({ description: 'The public URL.' }),
    provider: Type.String(),
    fakeTokBox: Type.Boolean({ description: 'Always false (2016 field).' }),
    fxaOAuth: Type.Boolean({ description: 'Sign-in is enabled (the field 2016 clients read).' }),
    signIn: Closed({
      enabled: Type.Boolean(),
      protocol: Type.Optional(Type.Literal('openid-connect')),
      issuer: Type.Optional(Type.String()),
      clientId: Type.Optional(Type.String()),
      scope: Type.Optional(Type.String()),
    }),
    i18n: Closed({ defaultLang: Type.String(), lang: Type.Optional(Type.String()) }),
  },
  { title: 'ServiceDescription' },
);
const Heartbeat = (description: string) =>
  Closed(
    {
      storage: Type.Boolean(),
      provider: Type.Boolean(),
      message: Type.Optional(Type.String({ description: 'Why the provider check failed.' })),
    },
    { description },
  );

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
  app.get(
    '/',
    { schema: { summary: 'Describe the service', tags: TAGS, response: { 200: ServiceDescription } } },
    async (request) => {
      const lang = request.headers['accept-language']?.split(',')[0]?.trim();
      return {
        name: 'loop-server',
        description: 'Loop: send someone a link, they click it, you are in a call.',
        version,
        ...buildFields,
        homepage: 'https://github.com/loop-server/loop-server',
        endpoint: deps.config.publicUrl,
        provider: deps.provider.name,
        fakeTokBox: false,
        // `fxaOAuth` is what 2016 clients look at; `signIn` says how to sign in today.
        fxaOAuth: deps.identity !== null,
        signIn: deps.identity
          ? {
              enabled: true,
              protocol: 'openid-connect' as const,
              issuer: deps.identity.settings.issuer,
              clientId: deps.identity.settings.clientId,
              scope: deps.identity.settings.scopes.join(' '),
            }
          : { enabled: false },
        i18n: { defaultLang: 'en-US', ...(lang ? { lang } : {}) },
      };
    },
  );

  app.get(
    '/__heartbeat__',
    {
      schema: {
        summary: 'Check the store and the provider',
        tags: TAGS,
        response: { 200: Heartbeat('All checks passed.'), 503: Heartbeat('A check failed.') },
      },
    },
    async (_request, reply) => {
      const timeoutMs = deps.config.heartbeatTimeoutMs;
      // The main provider and, when rooms may go to another, the SFU: `provider` is both together.
      const providers =
        deps.sfuProvider && deps.sfuProvider !== deps.provider ? [deps.provider, deps.sfuProvider] : [deps.provider];
      const check = async (checked: LoopDeps['provider']): Promise<string | null> => {
        let message: string | undefined;
        const ok = await withTimeout(async () => {
          const health = await checked.health();
          message = health.message;
          return health.ok;
        }, timeoutMs);
        return ok ? null : (message ?? `${checked.name}: no answer within ${timeoutMs} ms`);
      };
      const [storage, ...failures] = await Promise.all([
        withTimeout(async () => (await deps.store.ping(), true), timeoutMs),
        ...providers.map(check),
      ]);
      const failed = failures.filter((failure): failure is string => failure !== null);
      const provider = failed.length === 0;
      // As in 2016, `message` says why the provider check failed (never a secret: see HealthResult).
      const message = provider ? {} : { message: failed.join('; ') };
      return reply.code(storage && provider ? 200 : 503).send({ storage, provider, ...message });
    },
  );

  app.get(
    '/__lbheartbeat__',
    { schema: { summary: 'The process is up', tags: TAGS, response: { 200: Closed({}, { description: 'Ready.' }) } } },
    async () => ({}),
  );

  app.get(
    '/push-server-config',
    {
      schema: {
        summary: 'Where to get push URLs',
        tags: TAGS,
        response: {
          200: Closed({
            pushServerURI: Type.Unsafe<string | null>({
              type: ['string', 'null'],
              description: 'A SimplePush server, or null.',
            }),
            vapidPublicKey: Type.String({ description: 'The `applicationServerKey` for `pushManager.subscribe()`.' }),
          }),
          ...errorResponses(),
        },
      },
    },
    async () => {
      const uris = deps.config.pushServerUris;
      // `vapidPublicKey` is the `applicationServerKey` a browser passes to `pushManager.subscribe()`.
      return {
        pushServerURI: uris[Math.floor(Math.random() * uris.length)] ?? null,
        vapidPublicKey: deps.secrets.vapidPublicKey,
      };
    },
  );
};
