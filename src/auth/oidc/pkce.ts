/** PKCE (RFC 7636) with S256: the verifier stays on the server, the challenge goes to the provider. */
import { createHash } from 'node:crypto';
import { randomBase64Url } from '../../crypto/random.ts';

export interface PkcePair {
  verifier: string;
  challenge: string;
  method: 'S256';
}

export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export function newPkcePair(): PkcePair {
  // 32 bytes → 43 characters, the shortest verifier RFC 7636 allows.
  const verifier = randomBase64Url(32);
  return { verifier, challenge: pkceChallenge(verifier), method: 'S256' };
}
