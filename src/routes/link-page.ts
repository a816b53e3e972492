import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { LoopDeps } from '../deps.ts';
import { sendLinkPage } from './calls.ts';
import { TokenParams } from './schemas.ts';

/** `/c/{token}`: the call link itself, opened in a browser. */
export const linkPageRoutes: FastifyPluginAsyncTypebox<{ deps: LoopDeps }> = async (app, { deps }) => {
  app.get('/c/:token', { schema: { params: TokenParams } }, async (request, reply) =>
    sendLinkPage(deps, request.params.token, reply),
  );
};
