import type { Clock } from '../clock.ts';
import { keyedHash } from '../crypto/keyed-hash.ts';
import type { SessionRecord, Store } from '../storage/store.ts';
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

/** A new anonymous session; the returned `sessionToken` goes to the client once and is not kept. */
export async function mintAnonymousSession(deps: SessionDeps): Promise<{ sessionToken: string; record: SessionRecord }> {
  const { sessionToken, id, key } = mintSessionToken();
  const now = deps.clock.now();
  const record: SessionRecord = {
    hawkIdHmac: hawkIdHmac(deps, id),
    authKey: key,
    userMac: null,
    encryptedIdentity: null,
    createdAt: now,
    expiresAt: now + deps.sessionDurationSec * 1000,
  };
  await deps.store.sessions.create(record);
  return { sessionToken, record };
}

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
