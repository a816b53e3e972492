import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { WebhookReceiver } from 'livekit-server-sdk';
import { endCallForProviderSession } from '../calls/end-call-for-session.ts';
import type { LoopDeps } from '../deps.ts';
import { LoopError } from '../errors/loop-error.ts';
import { Closed } from '../presenters/closed-object.ts';
import { errorResponses } from './error-responses.ts';

/**
 * POST /livekit/webhook (LIVEKIT_WEBHOOK=on): LiveKit signs each event with a JWT over the body's SHA-256,
 * which the SDK's receiver checks against our key; anything else is 401. A finished room ends its call.
 */
export const livekitWebhookRoutes: FastifyPluginAsyncTypebox<{ deps: LoopDeps }> = async (app, { deps }) => {
  const receiver = new WebhookReceiver(deps.config.livekitApiKey, deps.config.livekitApiSecret);

  app.post(
    '/livekit/webhook',
    {
      config: { auth: 'none' },
      schema: {
        summary: "LiveKit's webhook (LIVEKIT_WEBHOOK=on)",
        tags: ['providers'],
        response: {
          200: Closed({}, { description: 'Received.' }),
          ...errorResponses({ 401: 'The signature is missing or invalid (errno 110).' }),
        },
      },
    },
    async (request, reply) => {
      let event;
      try {
        event = await receiver.receive(request.rawBody ?? '', request.headers.authorization);
      } catch (error) {
        request.log.warn({ reason: (error as Error).message }, 'rejected a LiveKit webhook');
        deps.metrics.livekitWebhookEvents.inc({ event: 'rejected' });
        throw LoopError.unauthorized('The webhook signature is missing or invalid.', 'Bearer');
      }
      deps.metrics.livekitWebhookEvents.inc({ event: event.event || 'unknown' });
      if (event.event === 'room_finished' && event.room?.name) await endCallForProviderSession(deps, event.room.name);
      return reply.code(200).send({});
    },
  );
};
