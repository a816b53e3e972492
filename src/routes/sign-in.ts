import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { LoopDeps } from '../deps.ts';
import { LoopError } from '../errors/loop-error.ts';
import { requireSession, sessionOrMint } from '../http/request-context.ts';
import { requireJsonAccept } from '../http/require-json-accept.ts';
import { currentOAuthToken, exchangeOAuthCode, oauthParams } from '../identity/oauth-flow.ts';

const TokenBody = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 4096 }),
  state: Type.String({ minLength: 1, maxLength: 256 }),
});

/** The identity provider, or 404 errno 999 when sign-in is off (as when the historical routes were not mounted). */
export function requireIdentityProvider(deps: LoopDeps): NonNullable<LoopDeps['identity']> {
  if (!deps.identity) throw LoopError.signInDisabled();
  return deps.identity;
}

/** The historical code flow under its historical paths (spec §4.6), with PKCE. */
export const signInRoutes: FastifyPluginAsyncTypebox<{ deps: LoopDeps }> = async (app, { deps }) => {
  // Checked on request: before a session is minted for nothing, and before the attempt is counted.
  const onRequest = [async () => void requireIdentityProvider(deps), app.rateLimited('signIn')];
  const flowDeps = () => ({ ...deps, identity: requireIdentityProvider(deps) });

  app.post(
    '/fxa-oauth/params',
    { config: { auth: 'mint-if-absent' }, onRequest, preValidation: requireJsonAccept },
    async (request) => {
      return oauthParams(flowDeps(), await sessionOrMint(request));
    },
  );

  app.post(
    '/fxa-oauth/token',
    {
      config: { auth: 'hawk' },
      onRequest,
      preValidation: requireJsonAccept,
      schema: { body: TokenBody },
    },
    async (request) => {
      return exchangeOAuthCode(flowDeps(), requireSession(request), request.body);
    },
  );

  app.get('/fxa-oauth/token', { config: { auth: 'hawk' }, onRequest }, async (request) => {
    return currentOAuthToken(flowDeps(), requireSession(request));
  });
};
