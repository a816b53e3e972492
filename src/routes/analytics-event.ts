/**
 * `POST /event` (spec §4.10): the 2016 server forwarded these UX events to Google Analytics when configured.
 * Loop keeps the route and its order of checks (parameters, then Hawk) so historical clients get the answers
 * they expect, and always ends with 405 errno 999: it sends nobody's events to a third party.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { LoopError } from '../errors/loop-error.ts';
import { requireJsonAccept } from '../http/require-json-accept.ts';
import { errorResponses, HAWK_401 } from './error-responses.ts';
import { HAWK } from './security-schemes.ts';

const REQUIRED = ['event', 'action', 'label'] as const;
const EventBody = Type.Object({ event: Type.String(), action: Type.String(), label: Type.String() });

/** 2016's `requireParams`: absent or empty fields are missing, named in its order. */
function requireEventParams(request: FastifyRequest): void {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const missing = REQUIRED.filter((name) => body[name] === undefined || body[name] === '');
  if (missing.length > 0) throw LoopError.missingParameters(missing);
}

export const analyticsEventRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/event',
    {
      config: { auth: 'hawk', beforeAuth: requireEventParams },
      preValidation: requireJsonAccept,
      schema: {
        summary: 'Report a UX event (never forwarded)',
        description:
          'Parameters are checked first (400 errno 108 without credentials too), then Hawk, then the answer is ' +
          '405 errno 999: this server forwards no analytics.',
        tags: ['service'],
        security: HAWK,
        body: EventBody,
        response: errorResponses({
          400: 'event, action or label missing (errno 108).',
          ...HAWK_401,
          405: 'Analytics are not configured (errno 999), always.',
        }),
      },
    },
    async () => {
      throw LoopError.analyticsDisabled();
    },
  );
};
