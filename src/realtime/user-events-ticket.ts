/**
 * Tickets for the user events websocket. A browser cannot put a Hawk header on a WebSocket, so the app
 * first asks `POST /events/ticket` (Hawk) for a ticket and sends it in its first frame. A ticket is
 * `<base64url(JSON {u, id, exp})>.<base64url(HMAC-SHA256)>`: `u` is the session's owner key (the keyed
 * user hash, never the clear identity), `exp` is in ms. It is usable once: its id is remembered in the
 * nonce store (shared by every instance) until it expires.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { randomHex } from '../crypto/random.ts';
import type { NonceStore } from '../storage/store.ts';

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

function ticketKey(secretHex: string): Buffer {
  return createHmac('sha256', Buffer.from(secretHex, 'hex')).update('loop events ticket v1').digest();
}

function sign(secretHex: string, payload: string): string {
  return createHmac('sha256', ticketKey(secretHex)).update(payload).digest('base64url');
}

export function issueTicket(deps: Pick<TicketDeps, 'clock' | 'secret'>, user: string): { ticket: string; expiresIn: number } {
  const claims: TicketClaims = { u: user, id: randomHex(16), exp: deps.clock.now() + TICKET_TTL_SEC * 1000 };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return { ticket: `${payload}.${sign(deps.secret, payload)}`, expiresIn: TICKET_TTL_SEC };
}

/** The user of a genuine, unexpired ticket used for the first time; null for anything else. */
export async function redeemTicket(deps: TicketDeps, ticket: string): Promise<string | null> {
  const [payload, signature, extra] = ticket.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(sign(deps.secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let claims: Partial<TicketClaims>;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<TicketClaims>;
  } catch {
    return null;
  }
  if (typeof claims.u !== 'string' || typeof claims.id !== 'string' || typeof claims.exp !== 'number') return null;
  if (claims.exp <= deps.clock.now()) return null;
  const firstUse = await deps.nonces.remember(`events-ticket:${claims.id}`, claims.exp);
  return firstUse ? claims.u : null;
}
