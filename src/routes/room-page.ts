import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { LoopDeps } from '../deps.ts';
import { LoopError } from '../errors/loop-error.ts';
import { mediaConnectOrigins, sendPage } from '../pages/page-security.ts';
import { renderInvalidRoomPage, renderRoomPage } from '../pages/room-page.ts';
import { htmlPage } from './content-responses.ts';
import { TokenParams, tokenFromPath } from './schemas.ts';

/**
 * `/r/{token}`: a room link opened in a browser (the default `LOOP_ROOM_URL_TEMPLATE`). The key of the
 * room's name is in the link's fragment, which the browser keeps to itself: this route never sees it.
 */
export const roomPageRoutes: FastifyPluginAsyncTypebox<{ deps: LoopDeps }> = async (app, { deps }) => {
  const schema = {
    summary: "The room link's page",
    tags: ['pages'],
    params: TokenParams,
    response: { 200: htmlPage('The page.'), 404: htmlPage('The room is not valid.') },
  };
  app.get('/r/:token', { schema }, async (request, reply) => {
    let token: string;
    try {
      token = tokenFromPath(request.params);
    } catch (error) {
      if (error instanceof LoopError) return sendPage(reply, deps.config.publicUrl, 404, renderInvalidRoomPage());
      throw error;
    }
    const room = await deps.store.rooms.get(token);
    if (!room) return sendPage(reply, deps.config.publicUrl, 404, renderInvalidRoomPage());
    // The room's media clients may reach the configured Janus or LiveKit: those origins only, from the config.
    return sendPage(reply, deps.config.publicUrl, 200, renderRoomPage(room), {
      connectOrigins: mediaConnectOrigins(deps.config),
    });
  });
};
