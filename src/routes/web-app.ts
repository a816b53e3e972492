import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { mkdirSync } from 'node:fs';
import type { LoopDeps } from '../deps.ts';
import { renderAppPage } from '../pages/app-page.ts';
import { missingWebBundles, WEB_ASSETS_DIR } from '../pages/assets.ts';
import { sendPage } from '../pages/page-security.ts';
import { contentResponse, htmlPage } from './content-responses.ts';
import { NoContent } from './error-responses.ts';
import { roomPageRoutes } from './room-page.ts';

const TAGS = ['pages'];

/**
 * The web app: bundles under `/assets/`, the callee's app at `/app/`, its service worker at `/app/sw.js`
 * (so that its scope is `/app/`), the room page at `/r/{token}` (routes/room-page.ts). The caller's page
 * is `/c/{token}` (routes/link-page.ts).
 */
export const webAppRoutes: FastifyPluginAsync<{ deps: LoopDeps }> = async (app, { deps }) => {
  const missing = missingWebBundles();
  if (missing.length > 0) {
    // The pages still render (they say what they can without script); the server must not refuse to start.
    deps.log.warn({ missing, dir: WEB_ASSETS_DIR }, 'web app bundles missing: run `npm run build:web`');
    mkdirSync(WEB_ASSETS_DIR, { recursive: true });
  }
  await app.register(fastifyStatic, {
    root: WEB_ASSETS_DIR,
    prefix: '/assets/',
    // Bundles keep their names across releases: revalidate (ETag) rather than cache blindly.
    cacheControl: false,
    // @fastify/static 10 hands setHeaders the Fastify reply (9 handed the raw response).
    setHeaders: (reply) => {
      reply.header('cache-control', 'no-cache');
      reply.header('x-content-type-options', 'nosniff');
    },
    index: false,
    list: false,
  });

  await app.register(roomPageRoutes, { deps });
  app.get(
    '/app',
    { schema: { summary: 'To /app/', tags: TAGS, response: { 302: NoContent('Location: /app/.') } } },
    async (_request, reply) => reply.redirect('/app/'),
  );
  app.get(
    '/app/',
    { schema: { summary: "The callee's web app", tags: TAGS, response: { 200: htmlPage('The app.') } } },
    async (_request, reply) => sendPage(reply, deps.config.publicUrl, 200, renderAppPage()),
  );
  const serviceWorker = {
    summary: "The web app's service worker (scope /app/)",
    tags: TAGS,
    response: { 200: contentResponse('application/javascript', 'The script.') },
  };
  app.get('/app/sw.js', { schema: serviceWorker }, async (_request, reply) => {
    // A service worker's script must not be served stale, or an update never reaches browsers.
    return reply.header('cache-control', 'no-cache').header('service-worker-allowed', '/app/').sendFile('sw.js');
  });
};
