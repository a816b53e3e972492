/** Call-link tokens: how they are made and what shape the routes accept. */
import { randomBase64Url } from '../crypto/random.ts';

/** 8 random bytes, base64url: the 11-character tokens of the historical API. */
export function newCallToken(): string {
  return randomBase64Url(8);
}

export const CALL_TOKEN_PATTERN = '^[A-Za-z0-9_-]{11}$';
