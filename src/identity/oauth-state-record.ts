/** The server side of one session's OAuth code flow (spec §3.5): what `/fxa-oauth/*` checks and returns. */
export interface OAuthStateRecord {
  /** The session this state belongs to. */
  hawkIdHmac: string;
  /** The `state` parameter the client must bring back; replaced on every token request. */
  state: string;
  /** The PKCE code verifier (RFC 7636) matching the challenge given out with `state`. */
  codeVerifier: string;
  /** The last access token obtained, sealed with the session's key; null before the first exchange. */
  encryptedAccessToken: string | null;
  expiresAt: number;
}
