import type { LoopDeps } from '../deps.ts';
import type { AuthenticatedSession } from '../http/request-context.ts';
import type { PushTopic } from '../storage/store.ts';

type Deps = Pick<LoopDeps, 'store' | 'clock' | 'config'>;

/** Stores this device's wake-up URLs; topics not sent keep their URL. */
export async function registerPushUrls(deps: Deps, session: AuthenticatedSession, urls: Partial<Record<PushTopic, string>>): Promise<void> {
  if (Object.keys(urls).length === 0) return;
  const expiresAt = deps.clock.now() + deps.config.sessionDurationSec * 1000;
  await deps.store.pushEndpoints.setForDevice(session.user, session.record.hawkIdHmac, urls, expiresAt);
}

export async function unregisterDevice(deps: Deps, session: AuthenticatedSession): Promise<void> {
  await deps.store.pushEndpoints.deleteForDevice(session.user, session.record.hawkIdHmac);
}

/** Signs this device out: its push URLs and its session go; the account's other devices stay. */
export async function signOutDevice(deps: Deps, session: AuthenticatedSession): Promise<void> {
  await unregisterDevice(deps, session);
  await deps.store.sessions.delete(session.record.hawkIdHmac);
}

/** Really deletes the user's data: links, calls, push URLs and every session of the account. */
export async function deleteAccount(deps: Deps, session: AuthenticatedSession): Promise<void> {
  const { store } = deps;
  await store.callUrls.deleteForUser(session.user);
  await store.calls.deleteForUser(session.user);
  await store.pushEndpoints.deleteForUser(session.user);
  await store.sessions.deleteForUser(session.user);
}
