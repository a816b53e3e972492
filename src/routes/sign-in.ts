import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { LoopDeps } from '../deps.ts';
import { LoopError } from '../errors/loop-error.ts';
import { requireSession, sessionOrMint } from '../http/request-context.ts';
import { requireJsonAccept } from '../http/require-json-accept.ts';
import { currentOAuthToken, exchangeOAuthCode, oauthParams } from '../identity/oauth-flow.ts';
import { Closed } from '../presenters/closed-object.ts';
import { HAWK, HAWK_OR_NONE } from './security-schemes.ts';
import { errorResponses, HAWK_401 } from './error-responses.ts';

const TAGS = ['sign-in'];
const SIGN_IN_OFF = { 404: 'Sign-in is not enabled on this server (errno 999).' };
const AuthorizationRequest = Closed(
  {
    client_id: Type.String(),
    redirect_uri: Type.String(),
    scope: Type.String(),
    state: Type.String(),
    code_challenge: Type.String(),
    code_challenge_method: Type.Literal('S256'),
    authorization_endpoint: Type.String(),
    authorization_url: Type.String({ description: 'The same URL with every parameter filled in, ready to open.' }),
  },
  { title: 'AuthorizationRequest' },
);
const TokenAnswer = Closed({ token_type: Type.String(), access_token: Type.String(), scope: Type.String() });
const CurrentToken = Closed({
  access_token: Type.Optional(Type.String({ description: 'Absent before the first exchange.' })),
});

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
    {
      config: { auth: 'mint-if-absent' },
      onRequest,
      preValidation: requireJsonAccept,
      schema: {
        summary: 'Start the OpenID Connect code flow (PKCE)',
        description: 'Without credentials, mints a session (token in the `Hawk-Session-Token` response header).',
        tags: TAGS,
        security: HAWK_OR_NONE,
        response: { 200: AuthorizationRequest, ...errorResponses({ ...HAWK_401, ...SIGN_IN_OFF }) },
      },
    },
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
      schema: {
        summary: 'Exchange the code: the session is signed in',
        tags: TAGS,
        security: HAWK,
        body: TokenBody,
        response: {
          200: TokenAnswer,
          ...errorResponses({
            400: 'Invalid parameters (107/108), or the state is not the one issued (errno 114).',
            ...HAWK_401,
            ...SIGN_IN_OFF,
          }),
        },
      },
    },
    async (request) => {
      return exchangeOAuthCode(flowDeps(), requireSession(request), request.body);
    },
  );

  app.get(
    '/fxa-oauth/token',
    {
      config: { auth: 'hawk' },
      onRequest,
      schema: {
        summary: 'The access token of the last exchange',
        tags: TAGS,
        security: HAWK,
        response: { 200: CurrentToken, ...errorResponses({ ...HAWK_401, ...SIGN_IN_OFF }) },
      },
    },
    async (request) => {
      return currentOAuthToken(flowDeps(), requireSession(request));
    },
  );
};
