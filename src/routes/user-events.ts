import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { LoopDeps } from '../deps.ts';
import { requireSession } from '../http/request-context.ts';
import { Type } from 'typebox';
import { Closed } from '../presenters/closed-object.ts';
import { issueTicket } from '../realtime/user-events/user-events-ticket.ts';
import { HAWK } from './security-schemes.ts';
import { errorResponses, HAWK_401 } from './error-responses.ts';

const Ticket = Closed({
  ticket: Type.String({ description: 'Single use: the `/events` websocket hello carries it.' }),
  expiresIn: Type.Integer({ description: 'Seconds (30).' }),
});

/** `POST /events/ticket` (Hawk): a single-use ticket, valid 30 s, for the `/events` websocket's hello. */
export const userEventsRoutes: FastifyPluginAsyncTypebox<{ deps: LoopDeps }> = async (app, { deps }) => {
  app.post(
    '/events/ticket',
    {
      config: { auth: 'hawk' },
      schema: {
        summary: 'A ticket for the events websocket',
        tags: ['realtime'],
        security: HAWK,
        response: { 200: Ticket, ...errorResponses(HAWK_401) },
      },
    },
    async (request) => {
      return issueTicket({ clock: deps.clock, secret: deps.secrets.userMacSecret }, requireSession(request).user);
    },
  );
};
