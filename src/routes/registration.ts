import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { LoopDeps } from '../deps.ts';
import { requireSession as session, sessionOrMint } from '../http/request-context.ts';
import { type AuthenticatedSession } from '../auth/authenticated-session.ts';
import { requireJsonAccept } from '../http/require-json-accept.ts';
import { hasBearer } from '../http/rate-limits.ts';
import { signInNewSession } from '../identity/sign-in.ts';
import { deleteAccount, registerDevice, signOutDevice, unregisterDevice } from '../registration/account-commands.ts';
import { assertPushDestination } from '../registration/push-destination.ts';
import { toWebPushSubscription } from '../registration/web-push-subscription.ts';
import type { PushTopic } from '../push/push-targets.ts';
import { HAWK, REGISTRATION_CREDENTIALS } from './security-schemes.ts';
import { errorResponses, HAWK_401, INVALID_400, NoContent } from './error-responses.ts';
import { PushUrl } from './schemas.ts';
import { requireIdentityProvider } from './sign-in.ts';

const PushTopicName = Type.Union([Type.Literal('calls'), Type.Literal('rooms')]);
/** `PushSubscription.toJSON()` plus Loop's `topics`; other fields a browser may add (`expirationTime`) are ignored. */
const WebPushSubscriptionBody = Type.Object({
  endpoint: Type.String({ maxLength: 2048 }),
  keys: Type.Object({ p256dh: Type.String({ maxLength: 256 }), auth: Type.String({ maxLength: 64 }) }),
  topics: Type.Optional(Type.Array(PushTopicName, { minItems: 1, maxItems: 2, uniqueItems: true })),
});

const RegistrationBody = Type.Object({
  simplePushURLs: Type.Optional(
    Type.Object({ calls: Type.Optional(PushUrl), rooms: Type.Optional(PushUrl) }, { additionalProperties: false }),
  ),
  simplePushURL: Type.Optional(PushUrl),
  simple_push_url: Type.Optional(PushUrl),
  webPushSubscription: Type.Optional(WebPushSubscriptionBody),
});
const RegistrationQuery = Type.Object({ simplePushURL: Type.Optional(PushUrl) });

/** `Authorization: Bearer <access token>`: a new session signed in as the token's verified identity. */
async function sessionFromBearer(deps: LoopDeps, authorization: string): Promise<AuthenticatedSession> {
  const identity = await requireIdentityProvider(deps).identityFromAccessToken(
    authorization.replace(/^bearer\s+/i, '').trim(),
  );
  const { sessionToken, record, box, userMac } = await signInNewSession(deps, identity);
  return { record, user: userMac, registered: true, box, newSessionToken: sessionToken };
}

export const registrationRoutes: FastifyPluginAsyncTypebox<{ deps: LoopDeps }> = async (app, { deps }) => {
  app.post(
    '/registration',
    {
      config: { auth: 'mint-if-absent', bearer: true },
      onRequest: app.rateLimited('signIn', hasBearer),
      preValidation: requireJsonAccept,
      schema: {
        summary: "Register this device's push URLs (and get a session)",
        description:
          'Without credentials, mints an anonymous session: its token is in the `Hawk-Session-Token` response ' +
          'header. With `Authorization: Bearer <access token>`, mints a signed-in session.',
        tags: ['registration'],
        security: REGISTRATION_CREDENTIALS,
        body: RegistrationBody,
        querystring: RegistrationQuery,
        response: {
          200: NoContent('Registered: an empty body sent as application/json, as in 2016.'),
          ...errorResponses({ ...INVALID_400, 401: 'Hawk or the Bearer token failed (errno 110).' }),
        },
      },
    },
    async (request, reply) => {
      const { simplePushURLs, simplePushURL, simple_push_url, webPushSubscription } = request.body;
      const legacy = simplePushURL ?? simple_push_url ?? request.query.simplePushURL;
      const urls: Partial<Record<PushTopic, string>> = { ...(legacy ? { calls: legacy } : {}), ...simplePushURLs };
      const { allowInsecurePush: allowInsecure, allowPrivatePush: allowPrivate } = deps.config;
      const given: Array<[field: string, url: string | undefined]> = [
        ['simplePushURLs.calls', simplePushURLs?.calls],
        ['simplePushURLs.rooms', simplePushURLs?.rooms],
        ['simplePushURL', simplePushURL ?? request.query.simplePushURL],
        ['simple_push_url', simple_push_url],
      ];
      for (const [field, url] of given) if (url !== undefined) assertPushDestination(field, url, { allowPrivate });
      const webPush = webPushSubscription
        ? toWebPushSubscription(webPushSubscription, { allowInsecure, allowPrivate })
        : undefined;
      // The Hawk plugin leaves Bearer requests to this route; every field has been checked before any sign-in.
      if (!request.session && hasBearer(request))
        request.session = await sessionFromBearer(deps, request.headers.authorization ?? '');
      await registerDevice(deps, await sessionOrMint(request), { urls, webPush });
      // Empty, yet typed JSON: the 2016 server sent this header and its clients check it.
      return reply.code(200).type('application/json; charset=utf-8').send();
    },
  );

  app.delete(
    '/registration',
    {
      config: { auth: 'hawk' },
      schema: {
        summary: "Remove this device's push URLs and Web Push subscription",
        tags: ['registration'],
        security: HAWK,
        response: { 204: NoContent('Removed.'), ...errorResponses(HAWK_401) },
      },
    },
    async (request, reply) => {
      await unregisterDevice(deps, session(request));
      return reply.code(204).send();
    },
  );

  app.delete(
    '/session',
    {
      config: { auth: 'registered' },
      schema: {
        summary: 'Sign this device out',
        tags: ['registration'],
        security: HAWK,
        response: {
          204: NoContent('Signed out.'),
          ...errorResponses({ ...HAWK_401, 403: 'The session is not signed in (errno 110).' }),
        },
      },
    },
    async (request, reply) => {
      await signOutDevice(deps, session(request));
      return reply.code(204).send();
    },
  );

  app.delete(
    '/account',
    {
      config: { auth: 'hawk' },
      schema: {
        summary: "Delete the user's links, calls, push URLs and sessions",
        tags: ['registration'],
        security: HAWK,
        response: { 204: NoContent('Deleted.'), ...errorResponses(HAWK_401) },
      },
    },
    async (request, reply) => {
      await deleteAccount(deps, session(request));
      return reply.code(204).send();
    },
  );
};
