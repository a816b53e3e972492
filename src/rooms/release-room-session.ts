/** A room that ends (deleted, expired, its owner's account deleted) releases its provider session. */
import type { LoopDeps } from '../deps.ts';
import { providerNamed } from './room-provider-policy.ts';
import type { RoomRecord } from './room-record.ts';

type Deps = Pick<LoopDeps, 'provider' | 'sfuProvider' | 'sessionReleases'>;

/** Not awaited: tracked by `deps.sessionReleases`, a failure logged. */
export function releaseRoomSession(
  deps: Deps,
  room: Pick<RoomRecord, 'roomToken' | 'provider' | 'sessionId' | 'apiKey' | 'channel'>,
): void {
  // A provider the operator removed since holds the session until its own clean-up (or restart).
  const provider = providerNamed(deps, room.provider);
  if (!provider) return;
  deps.sessionReleases.release(
    provider,
    { sessionId: room.sessionId, apiKey: room.apiKey, channel: room.channel },
    { room: { event: 'release' } },
  );
}
