/** A Hawk session as Loop keeps it: only keyed hashes and the sealed identity, never a clear Hawk id. */

export interface SessionRecord {
  /** Keyed hash of the Hawk id (never the id itself). */
  hawkIdHmac: string;
  /** The Hawk MAC key (hex string). Needed in clear to verify request MACs. */
  authKey: string;
  /** Keyed hash of the signed-in identity, or null for an anonymous session. */
  userMac: string | null;
  /**
   * The clear identity sealed with a key derived from the Hawk id (`src/crypto/session-box.ts`): only a
   * request signed by this session can open it. Null for an anonymous session.
   */
  encryptedIdentity: string | null;
  createdAt: number;
  expiresAt: number;
}
