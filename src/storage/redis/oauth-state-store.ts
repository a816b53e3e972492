import type { OAuthStateRecord } from '../../identity/oauth-state-record.ts';
import type { OAuthStateStore } from '../store.ts';
import { keys } from './keys.ts';
import { readLiveRecord, serialize, ttlMs, type RedisContext } from './records.ts';
import { putIfSessionLive, runScript } from './scripts.ts';

/** `d` = [state, codeVerifier, encryptedAccessToken]; the owner is the session. */
type OAuthStateData = [state: string, codeVerifier: string, encryptedAccessToken: string | null];

/** Beside its session under the same hash tag, so it is written only while the session lives and deleted with it. */
export class RedisOAuthStateStore implements OAuthStateStore {
  constructor(private readonly ctx: RedisContext) {}

  async put(record: OAuthStateRecord): Promise<void> {
    const now = this.ctx.clock.now();
    const data: OAuthStateData = [record.state, record.codeVerifier, record.encryptedAccessToken];
    const value = serialize({ owner: record.hawkIdHmac, expiresAt: record.expiresAt, data: JSON.stringify(data) });
    await runScript(
      this.ctx.redis(),
      putIfSessionLive,
      [keys.session(record.hawkIdHmac), keys.oauthState(record.hawkIdHmac)],
      [now, value, ttlMs(record.expiresAt, now)],
    );
  }

  async get(hawkIdHmac: string): Promise<OAuthStateRecord | null> {
    const [stored, session] = await Promise.all([
      readLiveRecord(this.ctx, keys.oauthState(hawkIdHmac)),
      readLiveRecord(this.ctx, keys.session(hawkIdHmac)),
    ]);
    if (!stored || !session) return null;
    const [state, codeVerifier, encryptedAccessToken] = JSON.parse(stored.data) as OAuthStateData;
    return { hawkIdHmac, state, codeVerifier, encryptedAccessToken, expiresAt: stored.expiresAt };
  }
}
