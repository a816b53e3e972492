/**
 * The ICE servers a participant of the built-in provider gets: STUN as configured, and TURN with the
 * time-limited credentials of the "TURN REST API" convention that coturn checks with `use-auth-secret` +
 * `static-auth-secret`: username `<expiry unix seconds>:<id>`, credential base64(HMAC-SHA1(secret, username)).
 * The TURN server needs no call to Loop: it recomputes the HMAC and refuses an expired username.
 */
import { createHmac } from 'node:crypto';

/** The shape of the browser's RTCIceServer (what `new RTCPeerConnection({iceServers})` takes). */
export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

export interface IceSettings {
  stunUrls: readonly string[];
  turnUrls: readonly string[];
  /** Shared with the TURN server; required when `turnUrls` is not empty (checked by the config loader). */
  turnSecret: string;
  turnTtlSec: number;
}

export function turnCredential(secret: string, username: string): string {
  return createHmac('sha1', secret).update(username).digest('base64');
}

/**
 * `participantId` names the participant in the TURN server's logs; it must not be a user id (a keyed hash
 * of the session and side is fine).
 */
export function iceServersFor(settings: IceSettings, participantId: string, nowSec: number): IceServer[] {
  const servers: IceServer[] = [];
  if (settings.stunUrls.length > 0) servers.push({ urls: [...settings.stunUrls] });
  if (settings.turnUrls.length > 0) {
    const username = `${nowSec + settings.turnTtlSec}:${participantId}`;
    servers.push({ urls: [...settings.turnUrls], username, credential: turnCredential(settings.turnSecret, username) });
  }
  return servers;
}
