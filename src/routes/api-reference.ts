/**
 * `/docs`: the API reference page. @scalar/fastify-api-reference serves its bundled renderer at
 * `/docs/js/scalar.js`; its own page starts the renderer with an inline script, which our CSP forbids, so the
 * plugin's `onRequest` hook answers `/docs/` with our page instead (pages/api-reference-page.ts), and our
 * start-up script is a file. The page's CSP differs from the others in one way: inline styles (see
 * page-security.ts).
 */
import apiReference from '@scalar/fastify-api-reference';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LoopDeps } from '../deps.ts';
import { API_REFERENCE_INIT, apiReferenceInitScript, renderApiReferencePage } from '../pages/api-reference-page.ts';
import { sendPage } from '../pages/page-security.ts';
import { contentResponse } from './content-responses.ts';

export async function registerApiReference(app: FastifyInstance, deps: LoopDeps): Promise<void> {
  const page = renderApiReferencePage();
  const serveOurPage = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0];
    if (path === '/docs/' || path === '/docs')
      return sendPage(reply, deps.config.publicUrl, 200, page, { inlineStyles: true });
    // The renderer's script: long-lived enough for a reader, revalidated across releases.
    void reply.header('cache-control', 'no-cache').header('x-content-type-options', 'nosniff');
  };
  await app.register(apiReference, {
    routePrefix: '/docs',
    // A URL, so the plugin does not publish a second copy of the document under /docs.
    configuration: { url: '/openapi.json' },
    hooks: { onRequest: serveOurPage },
    logLevel: 'warn',
  });
  app.get(
    API_REFERENCE_INIT,
    {
      schema: {
        hide: true,
        response: { 200: contentResponse('application/javascript', "Starts the reference page's renderer.") },
      },
    },
    async (_request, reply) =>
      reply
        .type('application/javascript; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .send(apiReferenceInitScript),
  );
}
