/**
 * A verified identity becomes a signed-in Hawk session. The store keeps only the keyed hash of the identity
 * (the owner key of the account's data) and the identity sealed with the session's own key.
 */
import { mintSession, type MintedSession } from '../auth/sessions.ts';
import { keyedHash } from '../crypto/keyed-hash.ts';
import type { LoopDeps } from '../deps.ts';
import { LoopError } from '../errors/loop-error.ts';
import type { AuthenticatedSession } from '../auth/authenticated-session.ts';

type Deps = Pick<LoopDeps, 'store' | 'secrets' | 'clock' | 'config'>;

/** The owner key of a signed-in user's data. `identity` is already normalised (see identity-claims.ts). */
export function userMacOf(deps: Pick<LoopDeps, 'secrets'>, identity: string): string {
  return keyedHash(deps.secrets.userMacSecret, identity);
}

/** Way in 1: a new session, already signed in (a Bearer token proves who, but not which device). */
export async function signInNewSession(deps: Deps, identity: string): Promise<MintedSession & { userMac: string }> {
  const userMac = userMacOf(deps, identity);
  const minted = await mintSession(
    {
      store: deps.store,
      clock: deps.clock,
      hawkIdSecret: deps.secrets.hawkIdSecret,
      sessionDurationSec: deps.config.sessionDurationSec,
    },
    { userMac, identity },
  );
  return { ...minted, userMac };
}

/**
 * Way in 2: this device's session signs in. An anonymous device keeps what it made: its links, push
 * registrations and calls move from its own owner key to the account. The moves run on every sign-in of
 * the session (they are idempotent), so a sign-in interrupted half-way is completed by the next one.
 */
export async function signInThisSession(
  deps: Deps,
  session: AuthenticatedSession,
  identity: string,
): Promise<AuthenticatedSession> {
  const userMac = userMacOf(deps, identity);
  const { hawkIdHmac } = session.record;
  const previousOwner = session.user;
  if (!(await deps.store.sessions.signIn(hawkIdHmac, userMac, session.box.seal(identity, 'identity')))) {
    throw LoopError.unauthorized('Unknown credentials', 'Hawk error="Unknown credentials"');
  }
  if (!session.registered) {
    await deps.store.callUrls.reassignUser(previousOwner, userMac);
    await deps.store.pushEndpoints.reassignUser(previousOwner, userMac);
    await deps.store.calls.reassignUser(previousOwner, userMac);
    await deps.store.rooms.reassignUser(previousOwner, userMac);
  } else if (previousOwner !== userMac) {
    // Another account on this device: the previous account's data stays with it; this device stops
    // being woken for it and registers its push URLs again.
    await deps.store.pushEndpoints.deleteForDevice(previousOwner, hawkIdHmac);
  }
  return { ...session, user: userMac, registered: true, record: { ...session.record, userMac } };
}

/** The clear identity of a signed-in session, opened with the session's key. */
export function identityOf(session: AuthenticatedSession): string {
  const sealed = session.record.encryptedIdentity;
  if (!session.registered || sealed === null) throw LoopError.registeredOnly();
  try {
    return session.box.open(sealed, 'identity');
  } catch {
    // Only a session's own key opens its identity; failing here means the record was tampered with.
    throw LoopError.unauthorized('Unknown credentials', 'Hawk error="Unknown credentials"');
  }
}
