/** The session a request was authenticated with, as the use cases see it (the HTTP layer attaches it). */
import type { SessionBox } from '../crypto/session-box.ts';
import type { SessionRecord } from './session-record.ts';

export interface AuthenticatedSession {
  record: SessionRecord;
  /** The owner key under which this session's data is stored. */
  user: string;
  registered: boolean;
  /** Opens what was sealed for this session (its identity); available only while serving its request. */
  box: SessionBox;
  /** Set when the session was minted by this request: sent back in `Hawk-Session-Token`. */
  newSessionToken?: string;
}

/** The owner key a session's data is stored under: its user when signed in, else the session itself. */
export function ownerKey(record: SessionRecord): string {
  return record.userMac ?? record.hawkIdHmac;
}
