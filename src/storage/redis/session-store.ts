import type { SessionRecord } from '../../auth/session-record.ts';
import type { SessionStore, SessionWithNonce } from '../store.ts';
import { keys } from './keys.ts';
import {
  addToIndex,
  deserialize,
  extendLiveRecord,
  readLiveRecord,
  replaceLiveRecord,
  serialize,
  ttlMs,
  type RedisContext,
  type StoredRecord,
} from './records.ts';
import { deleteIfOwner, runScript, sessionGetRememberNonce, writeReplacing } from './scripts.ts';

/**
 * `d` = [authKey, createdAt, registered (1) or anonymous (0), sealed identity (absent before sign-in existed)];
 * the owner is the userMac or the session itself.
 */
type SessionData = [authKey: string, createdAt: number, registered: 0 | 1, encryptedIdentity?: string | null];

function ownerOf(session: SessionRecord): string {
  return session.userMac ?? session.hawkIdHmac;
}

function encode(session: SessionRecord): StoredRecord {
  const data: SessionData = [
    session.authKey,
    session.createdAt,
    session.userMac === null ? 0 : 1,
    session.encryptedIdentity,
  ];
  return { owner: ownerOf(session), expiresAt: session.expiresAt, data: JSON.stringify(data) };
}

function decode(hawkIdHmac: string, stored: StoredRecord): SessionRecord {
  const [authKey, createdAt, registered, encryptedIdentity] = JSON.parse(stored.data) as SessionData;
  return {
    hawkIdHmac,
    authKey,
    userMac: registered === 1 ? stored.owner : null,
    encryptedIdentity: encryptedIdentity ?? null,
    createdAt,
    expiresAt: stored.expiresAt,
  };
}

export class RedisSessionStore implements SessionStore {
  /** The nonces live in Redis beside their sessions: no process start loses them. */
  readonly noncesKnownSince = 0;

  constructor(private readonly ctx: RedisContext) {}

  async create(session: SessionRecord): Promise<void> {
    // Index first: a session that exists is always reachable by deleteForUser.
    if (session.userMac !== null) {
      await addToIndex(this.ctx, keys.userSessions(session.userMac), session.hawkIdHmac, session.expiresAt);
    }
    // A new session never inherits the OAuth state of an expired one with the same id: one script (one
    // command, where a DEL then a SET were two round trips) writes the record and drops that state.
    const keysOfSession = [keys.session(session.hawkIdHmac), keys.oauthState(session.hawkIdHmac)];
    await runScript(this.ctx.redis(), writeReplacing, keysOfSession, [
      serialize(encode(session)),
      ttlMs(session.expiresAt, this.ctx.clock.now()),
    ]);
  }

  async signIn(hawkIdHmac: string, userMac: string, encryptedIdentity: string): Promise<boolean> {
    const current = await this.get(hawkIdHmac);
    if (!current) return false;
    const signedIn: SessionRecord = { ...current, userMac, encryptedIdentity };
    // Index first, as in create: from the moment the record names its user, deleteForUser reaches it.
    await addToIndex(this.ctx, keys.userSessions(userMac), hawkIdHmac, current.expiresAt);
    return replaceLiveRecord(this.ctx, keys.session(hawkIdHmac), encode(signedIn));
  }

  async get(hawkIdHmac: string): Promise<SessionRecord | null> {
    const stored = await readLiveRecord(this.ctx, keys.session(hawkIdHmac));
    return stored && decode(hawkIdHmac, stored);
  }

  async getAndRememberNonce(hawkIdHmac: string, nonce: string, expiresAt: number): Promise<SessionWithNonce | null> {
    const now = this.ctx.clock.now();
    const reply = await runScript(
      this.ctx.redis(),
      sessionGetRememberNonce,
      [keys.session(hawkIdHmac), keys.sessionNonce(hawkIdHmac, nonce)],
      [now, expiresAt, ttlMs(expiresAt, now)],
    );
    if (!Array.isArray(reply)) return null;
    const [value, fresh] = reply as [string, number];
    const stored = deserialize(value);
    return stored && { session: decode(hawkIdHmac, stored), fresh: fresh === 1 };
  }

  async forgetNonce(hawkIdHmac: string, nonce: string): Promise<void> {
    await this.ctx.redis().del(keys.sessionNonce(hawkIdHmac, nonce));
  }

  async touch(hawkIdHmac: string, expiresAt: number): Promise<void> {
    const owner = await extendLiveRecord(this.ctx, keys.session(hawkIdHmac), expiresAt);
    if (owner !== null && owner !== hawkIdHmac) {
      await addToIndex(this.ctx, keys.userSessions(owner), hawkIdHmac, expiresAt);
    }
  }

  async delete(hawkIdHmac: string): Promise<void> {
    // The index entry may stay: deleteForUser checks each entry's owner, and dead entries are trimmed.
    // Same hash tag: one DEL on one slot, even on Cluster.
    await this.ctx.redis().del(keys.session(hawkIdHmac), keys.oauthState(hawkIdHmac));
  }

  async deleteForUser(user: string): Promise<void> {
    const redis = this.ctx.redis();
    const indexKey = keys.userSessions(user);
    const registered = await redis.zrange(indexKey, '0', '-1');
    // `user` may also be an anonymous session's own id; deleteIfOwner spares a registered session of that id.
    await Promise.all(
      [user, ...registered].map((hawkIdHmac) =>
        runScript(redis, deleteIfOwner, [keys.session(hawkIdHmac), keys.oauthState(hawkIdHmac)], [user]),
      ),
    );
    await redis.del(indexKey);
  }
}
