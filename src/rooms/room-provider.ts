/**
 * A room's media session and its participants' tokens, from the provider the room is on (the policy picks it
 * at creation, `room-provider-policy.ts`; the record keeps its name), timed and counted like a call's. Any
 * failure is a ProviderError: the client gets 503 errno 201 and nothing has been stored.
 */
import type { LoopDeps } from '../deps.ts';
import {
  ProviderError,
  type ParticipantCredentials,
  type Provider,
  type ProviderSession,
  type RoomParticipantGrant,
} from '../providers/provider.ts';
import { measuredProviderCall } from '../providers/measured.ts';
import { providerNamed, roomProviderFor } from './room-provider-policy.ts';
import type { RoomRecord } from './room-record.ts';

type Deps = Pick<LoopDeps, 'config' | 'provider' | 'sfuProvider' | 'metrics' | 'log'>;

export interface RoomSession extends ProviderSession {
  /** The provider's name, stored as `RoomRecord.provider`. */
  provider: string;
}

/**
 * Made once, with the room, on the provider the policy picks for `maxParticipants`, and reused by every join
 * for as long as the room lives. `label` (the room token) lets a sweep find it once the room has expired.
 */
export async function createRoomSession(
  deps: Deps,
  channel: string,
  maxParticipants: number,
  label: string,
): Promise<RoomSession> {
  const provider = roomProviderFor(deps, maxParticipants);
  const session = await measuredProviderCall(deps, provider, 'createRoomSession', () =>
    provider.createSession({ channel, room: { maxParticipants, label } }),
  );
  return { ...session, provider: provider.name };
}

/** The provider a stored room's session is on; a ProviderError (503) when the operator has removed it since. */
export function providerOfRoom(deps: Pick<LoopDeps, 'provider' | 'sfuProvider'>, room: RoomRecord): Provider {
  const provider = providerNamed(deps, room.provider);
  if (!provider) throw new ProviderError(`the room's provider (${room.provider}) is no longer configured`);
  return provider;
}

export function sessionOfRoom(room: RoomRecord): ProviderSession {
  return { sessionId: room.sessionId, apiKey: room.apiKey, channel: room.channel };
}

export function createRoomToken(
  deps: Deps,
  room: RoomRecord,
  grant: RoomParticipantGrant,
): Promise<ParticipantCredentials> {
  const provider = providerOfRoom(deps, room);
  return measuredProviderCall(deps, provider, 'createRoomToken', () =>
    provider.createRoomToken(sessionOfRoom(room), grant),
  );
}
