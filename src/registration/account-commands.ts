import type { LoopDeps } from '../deps.ts';
import type { AuthenticatedSession } from '../auth/authenticated-session.ts';
import { releaseRoomSession } from '../rooms/release-room-session.ts';
import type { PushTopic, WebPushSubscription } from '../push/push-targets.ts';

type Deps = Pick<LoopDeps, 'store' | 'clock' | 'config'>;
type AccountDeps = Deps & Parameters<typeof releaseRoomSession>[0];

export interface DeviceRegistration {
  /** SimplePush URLs by topic; topics not sent keep their URL. */
  urls: Partial<Record<PushTopic, string>>;
  /** Replaces the device's Web Push subscription when given. */
  webPush?: WebPushSubscription | undefined;
}

/** Stores how to wake this device. Nothing to store is fine: the request only minted or touched the session. */
export async function registerDevice(
  deps: Deps,
  session: AuthenticatedSession,
  registration: DeviceRegistration,
): Promise<void> {
  const expiresAt = deps.clock.now() + deps.config.sessionDurationSec * 1000;
  const { user, record } = session;
  if (Object.keys(registration.urls).length > 0)
    await deps.store.pushEndpoints.setForDevice(user, record.hawkIdHmac, registration.urls, expiresAt);
  if (registration.webPush)
    await deps.store.pushEndpoints.setWebPushForDevice(user, record.hawkIdHmac, registration.webPush, expiresAt);
}

/** DELETE /registration: the device's SimplePush URLs and Web Push subscription go; its session stays. */
export async function unregisterDevice(deps: Deps, session: AuthenticatedSession): Promise<void> {
  await deps.store.pushEndpoints.deleteForDevice(session.user, session.record.hawkIdHmac);
}

/** Signs this device out: its push URLs and its session go; the account's other devices stay. */
export async function signOutDevice(deps: Deps, session: AuthenticatedSession): Promise<void> {
  await unregisterDevice(deps, session);
  await deps.store.sessions.delete(session.record.hawkIdHmac);
}

/** Really deletes the user's data: links, calls, rooms, push URLs and every session of the account. */
export async function deleteAccount(deps: AccountDeps, session: AuthenticatedSession): Promise<void> {
  const { store } = deps;
  await store.callUrls.deleteForUser(session.user);
  await store.calls.deleteForUser(session.user);
  // Read first: their provider sessions (Janus rooms) are released once the rooms are gone.
  const rooms = await store.rooms.listForUser(session.user);
  await store.rooms.deleteForUser(session.user);
  for (const room of rooms) releaseRoomSession(deps, room);
  await store.pushEndpoints.deleteForUser(session.user);
  await store.sessions.deleteForUser(session.user);
}
