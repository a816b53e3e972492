/**
 * Who is asking, for the room routes that accept no credentials, a Hawk session or a participant's Basic
 * token (spec §3.6-3.7). The HTTP layer says which was sent; a Basic token is checked here, against the
 * room it is used on, because it is only a credential for that room.
 */
import type { AuthenticatedSession } from '../auth/authenticated-session.ts';
import type { LoopDeps } from '../deps.ts';
import { LoopError } from '../errors/loop-error.ts';
import { sessionParticipantHmac, tokenParticipantHmac } from './participant-key.ts';
import type { RoomParticipant } from './room-record.ts';

export type RoomCredential =
  | { kind: 'none' }
  | { kind: 'hawk'; session: AuthenticatedSession }
  /** `token`: the provider token an anonymous join answered with, decoded from `Authorization: Basic`. */
  | { kind: 'basic'; token: string };

type Deps = Pick<LoopDeps, 'store' | 'secrets'>;

/** The caller as a (possible) participant: its key in the room, its live participation if any, its owner key. */
export interface RoomCaller {
  participantHmac: string;
  participation: RoomParticipant | null;
  /** Owner key of a Hawk caller (signed-in or anonymous session); null for a Basic one. */
  user: string | null;
}

export function invalidBasicToken(): LoopError {
  return LoopError.unauthorized(
    'Invalid token; it may have expired.',
    'Basic error="Invalid token; it may have expired."',
  );
}

/** Actions other than join need a credential (spec §4.9). */
export function credentialRequired(): LoopError {
  return LoopError.unauthorized('Missing authentication', 'Token,Hawk');
}

/**
 * The caller of a request that sent credentials. A Basic token that is not a live participation of this room
 * is refused (401), whatever else it may be; a Hawk session is a caller even when it is not in the room.
 */
export async function roomCaller(
  deps: Deps,
  roomToken: string,
  credential: Exclude<RoomCredential, { kind: 'none' }>,
): Promise<RoomCaller> {
  if (credential.kind === 'hawk') {
    const participantHmac = sessionParticipantHmac(deps, credential.session.record.hawkIdHmac);
    const participation = await deps.store.rooms.getParticipant(roomToken, participantHmac);
    return { participantHmac, participation, user: credential.session.user };
  }
  const participantHmac = tokenParticipantHmac(deps, credential.token);
  const participation = await deps.store.rooms.getParticipant(roomToken, participantHmac);
  if (!participation) throw invalidBasicToken();
  return { participantHmac, participation, user: null };
}
