/**
 * A call's progress-websocket tokens (`websocketToken`): what a side shows in its `hello` and the caller in
 * `POST /calls/{id}/cancel`. New calls store none: each is a keyed hash of the call id and the side under a
 * server secret, as unguessable as a random token while the secret is kept, and not in the store at all (a
 * leaked store reveals none; 42 of a call's stored bytes). Calls stored before this carry random ones, used
 * as stored.
 */
import { keyedHash } from '../crypto/keyed-hash.ts';
import type { Secrets } from '../config/secrets.ts';
import type { CallRecord, CallSide } from './call-record.ts';

/**
 * The secret the tokens are keyed with: Hawk ids' secret, under its own label. No Hawk id hashed under it can
 * be mistaken for a token: an id comes from a header value, which cannot hold the label's newlines.
 */
export type ProgressTokenSecret = Pick<Secrets, 'hawkIdSecret'>;

/** 32 hex characters (128 bits), as the random tokens were. */
export function progressToken(
  secrets: ProgressTokenSecret,
  call: Pick<CallRecord, 'callId' | 'wsCallerToken' | 'wsCalleeToken'>,
  side: CallSide,
): string {
  const stored = side === 'caller' ? call.wsCallerToken : call.wsCalleeToken;
  return stored ?? keyedHash(secrets.hawkIdSecret, `progress-websocket\n${call.callId}\n${side}`).slice(0, 32);
}
