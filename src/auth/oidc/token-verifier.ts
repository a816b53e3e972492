/**
 * Verifies JWTs issued by the provider against its published keys (jose `createRemoteJWKSet`, which caches
 * the key set and fetches it again when a token names a key it does not know: key rotation).
 * Failures of the token are 401 errno 110; failures to get the keys are 503 errno 201.
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Clock } from '../../clock.ts';
import { LoopError } from '../../errors/loop-error.ts';
import { identityProviderUnavailable } from './provider-http.ts';

/** Asymmetric algorithms only: a symmetric one would let anyone holding the client secret mint tokens. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export function invalidIdentityToken(
  message = 'The sign-in token is invalid, expired or not meant for this server.',
): LoopError {
  return LoopError.unauthorized(message, 'Bearer error="invalid_token"');
}

/** Marks errors of fetching the key set, which jose would otherwise report like any other failure. */
class KeySetUnavailable extends Error {}

export class TokenVerifier {
  private keySets = new Map<string, JWTVerifyGetKey>();

  constructor(
    private readonly options: {
      cooldownMs: number;
      timeoutMs: number;
      clock: Clock;
      onProblem: (problem: string, error: unknown) => void;
    },
  ) {}

  private keysAt(jwksUri: string): JWTVerifyGetKey {
    let remote = this.keySets.get(jwksUri);
    if (!remote) {
      remote = createRemoteJWKSet(new URL(jwksUri), {
        cooldownDuration: this.options.cooldownMs,
        timeoutDuration: this.options.timeoutMs,
      });
      this.keySets.set(jwksUri, remote);
    }
    const keys = remote;
    return async (header, token) => {
      try {
        return await keys(header, token);
      } catch (error) {
        // Token-side problems (no key with that kid, an algorithm the key does not allow) stay jose errors.
        if (
          error instanceof errors.JOSEError &&
          !(error instanceof errors.JWKSTimeout) &&
          error.code !== 'ERR_JOSE_GENERIC'
        )
          throw error;
        throw new KeySetUnavailable('key set unavailable', { cause: error });
      }
    };
  }

  /** The verified claims; `audience` is checked here when given, else left to the caller. */
  async verify(token: string, expected: { jwksUri: string; issuer: string; audience?: string }): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, this.keysAt(expected.jwksUri), {
        issuer: expected.issuer,
        ...(expected.audience !== undefined ? { audience: expected.audience } : {}),
        algorithms: ALGORITHMS,
        requiredClaims: ['exp', 'sub'],
        currentDate: new Date(this.options.clock.now()),
      });
      return payload;
    } catch (error) {
      if (error instanceof KeySetUnavailable) {
        this.options.onProblem('cannot fetch the identity provider keys', error.cause);
        throw identityProviderUnavailable();
      }
      // The reason (expired, bad signature, wrong issuer...) goes to the log, never the token itself.
      this.options.onProblem(
        `identity token refused: ${error instanceof errors.JOSEError ? error.code : 'malformed'}`,
        undefined,
      );
      throw invalidIdentityToken();
    }
  }
}
