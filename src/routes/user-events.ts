import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { LoopDeps } from '../deps.ts';
import { requireSession } from '../http/request-context.ts';
import { issueTicket } from '../realtime/user-events/user-events-ticket.ts';

/** `POST /events/ticket` (Hawk): a single-use ticket, valid 30 s, for the `/events` websocket's hello. */
export const userEventsRoutes: FastifyPluginAsyncTypebox<{ deps: LoopDeps }> = async (app, { deps }) => {
  app.post('/events/ticket', { config: { auth: 'hawk' } }, async (request) => {
    return issueTicket({ clock: deps.clock, secret: deps.secrets.userMacSecret }, requireSession(request).user);
  });
};
