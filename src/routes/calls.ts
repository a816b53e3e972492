import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { findLiveCallUrl } from '../call-urls/call-url-commands.ts';
import { cancelCall } from '../calls/cancel-call.ts';
import { presentCallForCallee, presentCallForCaller } from '../presenters/call-presenters.ts';
import { startCallFromLink } from '../calls/start-call-from-link.ts';
import { startDirectCall } from '../calls/start-direct-call.ts';
import type { LoopDeps } from '../deps.ts';
import { LoopError } from '../errors/loop-error.ts';
import { requireSession } from '../http/request-context.ts';
import { requireJsonAccept } from '../http/require-json-accept.ts';
import { identityOf } from '../identity/sign-in.ts';
import type { CallUrlRecord } from '../call-urls/call-url-record.ts';
import { renderInvalidLinkPage, renderLinkPage } from '../pages/link-page.ts';
import { sendPage } from '../pages/page-security.ts';
import { CallerAnswer, CallsList, LinkInfo } from '../presenters/call-schemas.ts';
import { HAWK } from './security-schemes.ts';
import { errorResponses, HAWK_401, INVALID_400, NoContent } from './error-responses.ts';
import { tokenFromPath, TokenParams } from './schemas.ts';

const UNKNOWN_LINK = { 404: 'Unknown, revoked or expired link (errno 105).' };
const PROVIDER_DOWN = 'The provider or the store failed (503 errno 201, with Retry-After); nothing was stored.';

const StartCallBody = Type.Object({
  callType: Type.Union([Type.Literal('audio'), Type.Literal('audio-video')]),
  subject: Type.Optional(Type.String({ maxLength: 124 })),
  channel: Type.Optional(Type.String({ maxLength: 64 })),
});
/** The historical limit; longer subjects get the historical message (checked in the handler, not the schema). */
const MAX_SUBJECT_LENGTH = 124;
const CalleeId = Type.String({ minLength: 1, maxLength: 320 });
const DirectCallBody = Type.Object({
  calleeId: Type.Union([CalleeId, Type.Array(CalleeId, { minItems: 1, maxItems: 50 })]),
  callType: Type.Union([Type.Literal('audio'), Type.Literal('audio-video')]),
  subject: Type.Optional(Type.String()),
  channel: Type.Optional(Type.String({ maxLength: 64 })),
});
const CallIdParams = Type.Object({ callId: Type.String({ pattern: '^[0-9a-f]{32}$' }) });
const CancelCallBody = Type.Object({ websocketToken: Type.String({ pattern: '^[0-9a-f]{32}$' }) });
const ListCallsQuery = Type.Object({ version: Type.Integer({ minimum: 0 }) });

/** A browser asking for the link gets a page; API clients get JSON. */
function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html');
}

async function liveLink(deps: LoopDeps, token: string): Promise<CallUrlRecord> {
  return findLiveCallUrl(deps, tokenFromPath({ token }));
}

/** `/c/{token}` and `GET /calls/{token}` for browsers: the same page, 404 when the link is not valid. */
export async function sendLinkPage(deps: LoopDeps, token: string, reply: FastifyReply): Promise<FastifyReply> {
  try {
    return sendPage(reply, deps.config.publicUrl, 200, renderLinkPage(await liveLink(deps, token)));
  } catch (error) {
    if (error instanceof LoopError && error.errno === 105)
      return sendPage(reply, deps.config.publicUrl, 404, renderInvalidLinkPage());
    throw error;
  }
}

export const callRoutes: FastifyPluginAsyncTypebox<{ deps: LoopDeps }> = async (app, { deps }) => {
  app.get(
    '/calls',
    {
      config: { auth: 'hawk' },
      schema: {
        summary: "The callee's live incoming calls since `version`",
        tags: ['calls'],
        security: HAWK,
        querystring: ListCallsQuery,
        response: { 200: CallsList, ...errorResponses({ ...INVALID_400, ...HAWK_401 }) },
      },
    },
    async (request) => {
      const calls = await deps.store.calls.listForUser(requireSession(request).user, request.query.version);
      return { calls: calls.map((call) => presentCallForCallee(deps.config, deps.secrets, call, deps.provider)) };
    },
  );

  app.post(
    '/calls',
    {
      config: { auth: 'registered' },
      preValidation: requireJsonAccept,
      schema: {
        summary: 'Call a signed-in user directly',
        tags: ['calls'],
        security: HAWK,
        body: DirectCallBody,
        response: {
          200: CallerAnswer,
          ...errorResponses({
            400: 'Invalid parameters (errno 107/108), or nobody could be reached (errno 122).',
            ...HAWK_401,
            403: 'The session is not signed in (errno 110).',
          }),
        },
      },
    },
    async (request) => {
      const { calleeId, callType, subject, channel } = request.body;
      if (subject !== undefined && subject.length > MAX_SUBJECT_LENGTH)
        throw LoopError.subjectTooLong(MAX_SUBJECT_LENGTH);
      const session = requireSession(request);
      const { call, caller } = await startDirectCall(deps, {
        callerId: identityOf(session),
        calleeIds: Array.isArray(calleeId) ? calleeId : [calleeId],
        callType,
        subject,
        channel,
      });
      return presentCallForCaller(deps.config, deps.secrets, call, caller);
    },
  );

  // The caller cancels a pending call without a websocket; the caller's websocket token proves who asks.
  app.post(
    '/calls/id/:callId/cancel',
    {
      preValidation: requireJsonAccept,
      schema: {
        summary: 'Cancel a pending call (the caller, without a websocket)',
        tags: ['calls'],
        params: CallIdParams,
        body: CancelCallBody,
        response: {
          204: NoContent('The call ended as terminated/cancel.'),
          ...errorResponses({
            ...INVALID_400,
            404: "Unknown or finished call, or not the caller's token (errno 105).",
          }),
        },
      },
    },
    async (request, reply) => {
      await cancelCall(deps, request.params.callId, request.body.websocketToken);
      return reply.code(204).send();
    },
  );

  app.get(
    '/calls/:token',
    {
      schema: {
        summary: 'Check a call link',
        description: 'With `Accept: text/html` (a browser), the link page instead (404 page when invalid).',
        tags: ['calls'],
        params: TokenParams,
        response: { 200: LinkInfo, ...errorResponses(UNKNOWN_LINK) },
      },
    },
    async (request, reply) => {
      if (wantsHtml(request)) return sendLinkPage(deps, request.params.token, reply);
      const link = await liveLink(deps, request.params.token);
      return { calleeFriendlyName: link.issuer, urlCreationDate: link.timestampSec, expiresAt: link.expiresSec };
    },
  );

  app.post(
    '/calls/:token',
    {
      preValidation: requireJsonAccept,
      // After validation: a malformed request is refused without counting against the link.
      preHandler: [app.rateLimited('callsPerAddress'), app.rateLimited('callsPerLink')],
      schema: {
        summary: 'Call the owner of a call link',
        tags: ['calls'],
        params: TokenParams,
        body: StartCallBody,
        response: {
          200: CallerAnswer,
          ...errorResponses({ ...INVALID_400, ...UNKNOWN_LINK, 503: PROVIDER_DOWN }),
        },
      },
    },
    async (request) => {
      const token = tokenFromPath(request.params);
      const { call, caller } = await startCallFromLink(deps, { token, ...request.body });
      return presentCallForCaller(deps.config, deps.secrets, call, caller);
    },
  );
};
