import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createCallUrl, revokeCallUrl, updateCallUrl, type CallUrlFields } from '../call-urls/call-url-commands.ts';
import { callLinkUrl } from '../http/public-urls.ts';
import type { LoopDeps } from '../deps.ts';
import { LoopError } from '../errors/loop-error.ts';
import { requireSession } from '../http/request-context.ts';
import { requireJsonAccept } from '../http/require-json-accept.ts';
import type { CallUrlRecord } from '../call-urls/call-url-record.ts';
import { CallUrlItem, CreatedCallUrl, ExpiresAt } from '../presenters/call-schemas.ts';
import { HAWK } from './security-schemes.ts';
import { errorResponses, HAWK_401, INVALID_400, NoContent } from './error-responses.ts';
import { tokenFromPath, TokenParams } from './schemas.ts';

const NOT_YOURS = { 403: 'The link is not yours (errno 110).', 404: 'Unknown or expired link (errno 105).' };

const Text = (maxLength: number) => Type.String({ maxLength });
const Hours = Type.Integer();

/** Both the 2014 names (`callerId`, `expiresIn`) and the seed's (`remote_id`, `valid_duration`) are accepted. */
const CallUrlBody = Type.Object({
  callerId: Type.Optional(Text(255)),
  remote_id: Type.Optional(Text(255)),
  expiresIn: Type.Optional(Hours),
  valid_duration: Type.Optional(Hours),
  issuer: Type.Optional(Text(255)),
  subject: Type.Optional(Text(124)),
});
type CallUrlBodyType = {
  callerId?: string;
  remote_id?: string;
  expiresIn?: number;
  valid_duration?: number;
  issuer?: string;
  subject?: string;
};

function fieldsOf(body: CallUrlBodyType): CallUrlFields {
  return {
    callerId: body.callerId ?? body.remote_id,
    expiresInHours: body.expiresIn ?? body.valid_duration,
    issuer: body.issuer,
    subject: body.subject,
  };
}

function presentListItem(deps: LoopDeps, record: CallUrlRecord) {
  return {
    callToken: record.token,
    callUrl: callLinkUrl(deps.config, record.token),
    callerId: record.callerId,
    issuer: record.issuer,
    ...(record.subject !== null ? { subject: record.subject } : {}),
    timestamp: record.timestampSec,
    expires: record.expiresSec,
  };
}

export const callUrlRoutes: FastifyPluginAsyncTypebox<{ deps: LoopDeps }> = async (app, { deps }) => {
  app.get(
    '/call-url',
    {
      config: { auth: 'hawk' },
      schema: {
        summary: "The user's live call links",
        tags: ['call links'],
        security: HAWK,
        response: { 200: Type.Array(CallUrlItem), ...errorResponses(HAWK_401) },
      },
    },
    async (request) => {
      const records = await deps.store.callUrls.listForUser(requireSession(request).user);
      return records.map((record) => presentListItem(deps, record));
    },
  );

  app.post(
    '/call-url',
    {
      config: { auth: 'hawk' },
      preValidation: requireJsonAccept,
      schema: {
        summary: 'Make a call link',
        tags: ['call links'],
        security: HAWK,
        body: CallUrlBody,
        response: { 200: CreatedCallUrl, ...errorResponses({ ...INVALID_400, ...HAWK_401 }) },
      },
    },
    async (request) => {
      const fields = fieldsOf(request.body);
      if (!fields.callerId) throw LoopError.missingParameters(['callerId']);
      const record = await createCallUrl(deps, requireSession(request).user, { ...fields, callerId: fields.callerId });
      const url = callLinkUrl(deps.config, record.token);
      return { callUrl: url, callToken: record.token, call_url: url, expiresAt: record.expiresSec };
    },
  );

  app.put(
    '/call-url/:token',
    {
      config: { auth: 'hawk' },
      preValidation: requireJsonAccept,
      schema: {
        summary: "Change a call link's fields (only those sent)",
        tags: ['call links'],
        security: HAWK,
        params: TokenParams,
        body: CallUrlBody,
        response: { 200: ExpiresAt, ...errorResponses({ ...INVALID_400, ...HAWK_401, ...NOT_YOURS }) },
      },
    },
    async (request) => {
      const record = await updateCallUrl(
        deps,
        requireSession(request).user,
        tokenFromPath(request.params),
        fieldsOf(request.body),
      );
      return { expiresAt: record.expiresSec };
    },
  );

  app.delete(
    '/call-url/:token',
    {
      config: { auth: 'hawk' },
      schema: {
        summary: 'Revoke a call link',
        tags: ['call links'],
        security: HAWK,
        params: TokenParams,
        response: { 204: NoContent('Revoked.'), ...errorResponses({ ...HAWK_401, ...NOT_YOURS }) },
      },
    },
    async (request, reply) => {
      await revokeCallUrl(deps, requireSession(request).user, tokenFromPath(request.params));
      return reply.code(204).send();
    },
  );
};
