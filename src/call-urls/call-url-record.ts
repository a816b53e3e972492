/** A call link as Loop keeps it (spec §4.7). */

export interface CallUrlRecord {
  /** 11-character base64url token; the primary key. */
  token: string;
  /** Owner key. */
  user: string;
  /** Free text: who the link is meant for. */
  callerId: string;
  /** The owner's display name ("" when none); shown to the caller as `calleeFriendlyName`. */
  issuer: string;
  subject: string | null;
  /** Creation (or last update) time, seconds. */
  timestampSec: number;
  /** Absolute expiry, seconds. */
  expiresSec: number;
}
