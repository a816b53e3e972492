/**
 * Tickets for the user events websocket. A browser cannot put a Hawk header on a WebSocket, so the app
 * first asks `POST /events/ticket` (Hawk) for a ticket and sends it in its first frame. A ticket is
 * `<base64url(JSON {u, id, exp})>.<base64url(HMAC-SHA256)>`: `u` is the session's owner key (the keyed
 * user hash, never the clear identity), `exp` is in ms. It is usable once: its id is remembered in the
 * nonce store (shared by every instance) until it expires.
 */
import type { Clock } from '../../clock.ts';
import { keyedHash } from '../../crypto/keyed-hash.ts';
import { randomHex } from '../../crypto/random.ts';
import { openClaims, signClaims } from '../../crypto/signed-claims.ts';
import type { NonceStore } from '../../storage/store.ts';

export const TICKET_TTL_SEC = 30;

interface TicketClaims {
  u: string;
  id: string;
  exp: number;
}

export interface TicketDeps {
  clock: Clock;
  nonces: NonceStore;
  /** A server secret (hex); the ticket key is derived from it with a label of its own. */
  secret: string;
}

/** The ticket key: the server secret under a label of its own, so a ticket is never valid as anything else. */
function ticketSecret(secretHex: string): string {
  return keyedHash(secretHex, 'loop events ticket v1');
}

export function issueTicket(
  deps: Pick<TicketDeps, 'clock' | 'secret'>,
  user: string,
): { ticket: string; expiresIn: number } {
  const claims: TicketClaims = { u: user, id: randomHex(16), exp: deps.clock.now() + TICKET_TTL_SEC * 1000 };
  return { ticket: signClaims(ticketSecret(deps.secret), claims), expiresIn: TICKET_TTL_SEC };
}

/** The user of a genuine, unexpired ticket used for the first time; null for anything else. */
export async function redeemTicket(deps: TicketDeps, ticket: string): Promise<string | null> {
  const claims = openClaims(ticketSecret(deps.secret), ticket);
  if (!claims) return null;
  if (typeof claims.u !== 'string' || typeof claims.id !== 'string' || typeof claims.exp !== 'number') return null;
  if (claims.exp <= deps.clock.now()) return null;
  const firstUse = await deps.nonces.remember(`events-ticket:${claims.id}`, claims.exp);
  return firstUse ? claims.u : null;
}
