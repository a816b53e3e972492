/**
 * Compact signed claims, `<base64url(JSON)>.<base64url(HMAC-SHA256)>`: what this server hands out to be
 * shown back later (built-in participant tokens, user-events tickets) and verifies without storing it,
 * on any instance sharing the secret. Only the signature is checked here; each kind checks its own fields.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { hmacKey } from './keyed-hash.ts';

function sign(secretHex: string, payload: string): string {
  return createHmac('sha256', hmacKey(secretHex)).update(payload).digest('base64url');
}

export function signClaims(secretHex: string, claims: object): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${sign(secretHex, payload)}`;
}

/** The claims of a genuinely signed token, not yet checked field by field; null for anything else. */
export function openClaims(secretHex: string, token: string): Record<string, unknown> | null {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(sign(secretHex, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
