import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { LoopDeps } from '../deps.ts';
import { LoopError } from '../errors/loop-error.ts';
import { requireSession as session } from '../http/request-context.ts';
import { requireJsonAccept } from '../http/require-json-accept.ts';
import { deleteAccount, registerPushUrls, signOutDevice, unregisterDevice } from '../registration/account-commands.ts';
import type { PushTopic } from '../storage/store.ts';
import { PushUrl } from './schemas.ts';

const RegistrationBody = Type.Object({
  simplePushURLs: Type.Optional(Type.Object({ calls: Type.Optional(PushUrl), rooms: Type.Optional(PushUrl) }, { additionalProperties: false })),
  simplePushURL: Type.Optional(PushUrl),
  simple_push_url: Type.Optional(PushUrl),
});
const RegistrationQuery = Type.Object({ simplePushURL: Type.Optional(PushUrl) });

export const registrationRoutes: FastifyPluginAsyncTypebox<{ deps: LoopDeps }> = async (app, { deps }) => {
  app.post('/registration', {
    config: { auth: 'mint-if-absent' },
    preValidation: requireJsonAccept,
    schema: { body: RegistrationBody, querystring: RegistrationQuery },
  }, async (request, reply) => {
    const { simplePushURLs, simplePushURL, simple_push_url } = request.body;
    const legacy = simplePushURL ?? simple_push_url ?? request.query.simplePushURL;
    const urls: Partial<Record<PushTopic, string>> = { ...(legacy ? { calls: legacy } : {}), ...simplePushURLs };
    await registerPushUrls(deps, session(request), urls);
    return reply.code(200).send();
  });

  app.delete('/registration', { config: { auth: 'hawk' } }, async (request, reply) => {
    await unregisterDevice(deps, session(request));
    return reply.code(204).send();
  });

  app.delete('/session', { config: { auth: 'hawk' } }, async (request, reply) => {
    const current = session(request);
    if (!current.registered) throw LoopError.forbidden('You should be a registered user to perform this action.');
    await signOutDevice(deps, current);
    return reply.code(204).send();
  });

  app.delete('/account', { config: { auth: 'hawk' } }, async (request, reply) => {
    await deleteAccount(deps, session(request));
    return reply.code(204).send();
  });
};
