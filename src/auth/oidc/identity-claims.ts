/**
 * Who a set of verified claims names: the lower-cased e-mail when the provider vouches for it, else the
 * subject qualified by the issuer (a `sub` is only unique within its issuer, and is case-sensitive).
 */
export function identityFromClaims(claims: Record<string, unknown>, issuer: string): string | null {
  const email = claims.email;
  // Some providers send the flag as the string "true".
  const verified = claims.email_verified === true || claims.email_verified === 'true';
  if (typeof email === 'string' && email.includes('@') && verified) return email.trim().toLowerCase();
  const sub = claims.sub;
  if (typeof sub === 'string' && sub !== '') return `${issuer}#${sub}`;
  return null;
}

/** Space-separated `scope` (RFC 9068) or an `scp` list/string (some providers): the scopes a token carries. */
export function scopesOf(claims: Record<string, unknown>): Set<string> {
  const raw = claims.scope ?? claims.scp;
  if (typeof raw === 'string') return new Set(raw.split(' ').filter(Boolean));
  if (Array.isArray(raw)) return new Set(raw.filter((s): s is string => typeof s === 'string'));
  return new Set();
}

/** An access token must be meant for us: our client id in `aud`, or as its `client_id`/`azp` claim. */
export function isMeantFor(claims: Record<string, unknown>, clientId: string): boolean {
  const aud = claims.aud;
  const audiences = Array.isArray(aud) ? aud : typeof aud === 'string' ? [aud] : [];
  return audiences.includes(clientId) || claims.client_id === clientId || claims.azp === clientId;
}

/**
 * How an identity typed by a person (a callee id) is compared: e-mails case-insensitively; an
 * issuer-qualified subject (`https://issuer#sub`) exactly, since subjects are case-sensitive.
 */
export function normalizeIdentity(identity: string): string {
  const trimmed = identity.trim();
  return /^https?:\/\/[^#]+#/.test(trimmed) ? trimmed : trimmed.toLowerCase();
}
