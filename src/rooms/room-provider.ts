/**
 * A room's media session and its participants' tokens, from the configured provider, timed and counted like
 * a call's. Any failure is a ProviderError: the client gets 503 errno 201 and nothing has been stored.
 */
import type { LoopDeps } from '../deps.ts';
import {
  ProviderError,
  type ParticipantCredentials,
  type ProviderSession,
  type RoomParticipantGrant,
} from '../providers/provider.ts';
import type { RoomRecord } from './room-record.ts';

type Deps = Pick<LoopDeps, 'provider' | 'metrics' | 'log'>;

async function measured<T>(deps: Deps, operation: string, work: () => Promise<T>): Promise<T> {
  const stop = deps.metrics.providerLatency.startTimer({ provider: deps.provider.name, operation });
  try {
    const result = await work();
    stop({ outcome: 'ok' });
    return result;
  } catch (error) {
    stop({ outcome: 'error' });
    deps.log.error({ err: error, provider: deps.provider.name, operation }, 'provider failed');
    throw error instanceof ProviderError ? error : new ProviderError(`${operation} failed`, { cause: error });
  }
}

/** Made once, with the room, and reused by every join for as long as the room lives. */
export function createRoomSession(deps: Deps, channel: string, maxParticipants: number): Promise<ProviderSession> {
  return measured(deps, 'createRoomSession', () => deps.provider.createSession({ channel, room: { maxParticipants } }));
}

export function createRoomToken(
  deps: Deps,
  room: RoomRecord,
  grant: RoomParticipantGrant,
): Promise<ParticipantCredentials> {
  const session: ProviderSession = { sessionId: room.sessionId, apiKey: room.apiKey, channel: room.channel };
  return measured(deps, 'createRoomToken', () => deps.provider.createRoomToken(session, grant));
}
