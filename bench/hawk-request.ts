/** A Hawk-signed autocannon request, for the benchmarks that drive `GET /calls?version=0`. */
import { randomBytes } from 'node:crypto';
import type autocannon from 'autocannon';
import { deriveHawkCredentials } from '../src/auth/session-token.ts';
import { Hawk } from '../tools/hawk-reference.ts';

export type Request = NonNullable<autocannon.Options['requests']>[number];

export function hawkSigned(baseUrl: string, sessionToken: string, method: string, requestPath: string): Request {
  const { id, key } = deriveHawkCredentials(sessionToken);
  const credentials = { id, key, algorithm: 'sha256' as const };
  return {
    method: method as 'GET',
    path: requestPath,
    // A fresh header (timestamp, nonce, MAC) for every request: the server checks each one for replay. The
    // hawk package's default nonce has 6 characters: at ~100k requests a minute two of them collide now and then
    // (birthday bound), and the server rightly refuses the second; 16 random bytes do not.
    setupRequest: (request) => ({
      ...request,
      headers: {
        ...request.headers,
        authorization: Hawk.client.header(`${baseUrl}${requestPath}`, method, {
          credentials,
          nonce: randomBytes(16).toString('base64url'),
        }).header,
      },
    }),
  };
}
