import type { Clock } from '../clock.ts';
import { keyedHash } from '../crypto/keyed-hash.ts';
import { sessionBox, type SessionBox } from '../crypto/session-box.ts';
import type { SessionRecord } from './session-record.ts';
import type { Store } from '../storage/store.ts';
import { mintSessionToken } from './session-token.ts';

export interface SessionDeps {
  store: Store;
  clock: Clock;
  hawkIdSecret: string;
  sessionDurationSec: number;
}

/** Sessions are looked up by the keyed hash of the Hawk id: the id itself is never stored. */
export function hawkIdHmac(deps: Pick<SessionDeps, 'hawkIdSecret'>, hawkId: string): string {
  return keyedHash(deps.hawkIdSecret, hawkId);
}

export interface MintedSession {
  /** Goes to the client once (`Hawk-Session-Token`) and is not kept. */
  sessionToken: string;
  record: SessionRecord;
  /** Seals and opens this session's private values; derived from the Hawk id, so never stored. */
  box: SessionBox;
}

/** A new session: anonymous, or signed in as `user` (its keyed hash and the clear identity, sealed). */
export async function mintSession(
  deps: SessionDeps,
  user?: { userMac: string; identity: string },
): Promise<MintedSession> {
  const { sessionToken, id, key } = mintSessionToken();
  const box = sessionBox(id);
  const now = deps.clock.now();
  const record: SessionRecord = {
    hawkIdHmac: hawkIdHmac(deps, id),
    authKey: key,
    userMac: user?.userMac ?? null,
    encryptedIdentity: user ? box.seal(user.identity, 'identity') : null,
    createdAt: now,
    expiresAt: now + deps.sessionDurationSec * 1000,
  };
  await deps.store.sessions.create(record);
  return { sessionToken, record, box };
}

export const mintAnonymousSession = (deps: SessionDeps): Promise<MintedSession> => mintSession(deps);

/** Sliding expiry, written at most once an hour per session so that reads stay reads. */
const TOUCH_GRANULARITY_MS = 3_600_000;

export async function touchSessionIfDue(deps: SessionDeps, record: SessionRecord, user: string): Promise<void> {
  const expiresAt = deps.clock.now() + deps.sessionDurationSec * 1000;
  if (expiresAt - record.expiresAt < TOUCH_GRANULARITY_MS) return;
  await Promise.all([
    deps.store.sessions.touch(record.hawkIdHmac, expiresAt),
    deps.store.pushEndpoints.touchDevice(user, record.hawkIdHmac, expiresAt),
  ]);
}
