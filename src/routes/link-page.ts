import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { LoopDeps } from '../deps.ts';
import { sendLinkPage } from './calls.ts';
import { htmlPage } from './content-responses.ts';
import { TokenParams } from './schemas.ts';

/** `/c/{token}`: the call link itself, opened in a browser. */
export const linkPageRoutes: FastifyPluginAsyncTypebox<{ deps: LoopDeps }> = async (app, { deps }) => {
  const schema = {
    summary: "The call link's page (the caller's side)",
    tags: ['pages'],
    params: TokenParams,
    response: { 200: htmlPage('The page.'), 404: htmlPage('The link is not valid.') },
  };
  app.get('/c/:token', { schema }, async (request, reply) => sendLinkPage(deps, request.params.token, reply));
};
