/** POST /rooms (spec §7.1): a room with its provider session, stored under its creator. */
import { newCallToken } from '../call-urls/call-token.ts';
import { nowSec } from '../clock.ts';
import type { LoopDeps } from '../deps.ts';
import { assertUnderCap } from '../limits/user-caps.ts';
import { DEFAULT_CHANNEL } from '../providers/provider.ts';
import { notifyRoomOwner } from './notify-room-owner.ts';
import { createRoomSession } from './room-provider.ts';
import { releaseRoomSession } from './release-room-session.ts';
import type { RoomParams } from './room-params.ts';
import type { RoomRecord } from './room-record.ts';

type Deps = Pick<
  LoopDeps,
  'store' | 'clock' | 'config' | 'provider' | 'sfuProvider' | 'metrics' | 'log' | 'sessionReleases'
> &
  Parameters<typeof notifyRoomOwner>[0];

/** `params` has been checked by `roomParams` and `requireCreationFields`: a name, an owner and a size. */
export async function createRoom(
  deps: Deps,
  user: string,
  params: RoomParams & { roomOwner: string; maxSize: number },
): Promise<RoomRecord> {
  await assertUnderCap(deps.config.maxRoomsPerUser, 'rooms', () => deps.store.rooms.countForUser(user));
  const channel = params.channel ?? DEFAULT_CHANNEL;
  const expiresInHours = params.expiresInHours ?? deps.config.roomDefaultTtlHours;
  // Made like call tokens: 8 random bytes, 11 characters. Chosen first: the session is labelled with it.
  const roomToken = newCallToken();
  // Before anything is stored: a provider failure leaves no room behind.
  const session = await createRoomSession(deps, channel, params.maxSize, roomToken);
  const now = nowSec(deps.clock);
  const room: RoomRecord = {
    roomToken,
    user,
    roomOwner: params.roomOwner,
    roomName: params.context ? null : (params.roomName ?? null),
    context: params.context ?? null,
    maxSize: params.maxSize,
    expiresInHours,
    channel: session.channel,
    provider: session.provider,
    apiKey: session.apiKey,
    sessionId: session.sessionId,
    creationTimeSec: now,
    updateTimeSec: now,
    expiresAtSec: now + expiresInHours * 3600,
  };
  try {
    await deps.store.rooms.create(room);
  } catch (error) {
    // Not stored: the session (a Janus room) would otherwise wait for the sweep.
    releaseRoomSession(deps, room);
    throw error;
  }
  notifyRoomOwner(deps, room, 'creation');
  return room;
}
