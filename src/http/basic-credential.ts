/**
 * `Authorization: Basic base64(token[:])`, the credential of an anonymous room participant (spec §3.6): the
 * provider token its join answered with. One trailing `:` (an empty password) is tolerated, as in 2016.
 */
import { invalidBasicToken } from '../rooms/room-credential.ts';

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** The token of a Basic header, or 401 `Basic error="Invalid token; it may have expired."` when there is none. */
export function basicToken(authorization: string): string {
  const encoded = authorization.replace(/^basic\s+/i, '').trim();
  if (!BASE64.test(encoded)) throw invalidBasicToken();
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const token = decoded.endsWith(':') ? decoded.slice(0, -1) : decoded;
  if (token === '') throw invalidBasicToken();
  return token;
}
