/**
 * POST /rooms/{token} `join` (spec §7.2-7.3): the capacity rule decided on the live participants the store
 * returned and written only if that list has not changed since (else decided again), so concurrent joins
 * cannot overfill a room. The answer carries a provider token for the room's session.
 */
import { randomUUID } from 'node:crypto';
import type { LoopDeps } from '../deps.ts';
import { LoopError } from '../errors/loop-error.ts';
import { identityOf } from '../identity/sign-in.ts';
import type { ParticipantCredentials } from '../providers/provider.ts';
import { joinFields } from './action-bodies.ts';
import { decideJoin, type JoinDecision, type Joiner } from './capacity.ts';
import { findLiveRoom } from './get-room.ts';
import { notifyRoomOwner } from './notify-room-owner.ts';
import { tokenParticipantHmac } from './participant-key.ts';
import { sealAccount } from './room-account.ts';
import { roomCaller, type RoomCredential } from './room-credential.ts';
import { participantDeadline, scheduleExpiry, touchRoom } from './room-lifetime.ts';
import { createRoomToken } from './room-provider.ts';
import type { RoomParticipant, RoomRecord } from './room-record.ts';

type Deps = Pick<
  LoopDeps,
  'store' | 'clock' | 'config' | 'secrets' | 'provider' | 'sfuProvider' | 'metrics' | 'log' | 'roomTimers'
> &
  Parameters<typeof notifyRoomOwner>[0];

/**
 * Each conflict means another join (or a departure) landed in between; a room of a few people settles in a
 * couple of rounds, and a crowd joining at once in as many rounds as there are seats left.
 */
const MAX_ROUNDS = 50;

export interface Joined {
  room: RoomRecord;
  participant: RoomParticipant;
  credentials: ParticipantCredentials;
}

function refuseUnlessAllowed(decision: JoinDecision): void {
  if (decision === 'room-full') throw LoopError.roomFull();
  if (decision === 'client-capacity') throw LoopError.clientReachedCapacity();
}

interface JoinerIdentity extends Joiner {
  /** The participation key when it does not depend on the token (a Hawk session's). */
  sessionKey: string | null;
  account: string | null;
}

async function joinerOf(deps: Deps, room: RoomRecord, credential: RoomCredential, clientMaxSize: number) {
  const joiner: JoinerIdentity = { user: null, replacing: null, clientMaxSize, sessionKey: null, account: null };
  if (credential.kind === 'none') return joiner;
  const caller = await roomCaller(deps, room.roomToken, credential);
  joiner.user = caller.user;
  joiner.replacing = caller.participantHmac;
  if (credential.kind === 'hawk') {
    joiner.sessionKey = caller.participantHmac;
    if (credential.session.registered)
      joiner.account = sealAccount(deps, room.roomToken, identityOf(credential.session));
  }
  return joiner;
}

export async function joinRoom(
  deps: Deps,
  roomToken: string,
  credential: RoomCredential,
  body: Readonly<Record<string, unknown>>,
): Promise<Joined> {
  const room = await findLiveRoom(deps, roomToken);
  const { displayName, clientMaxSize } = joinFields(body);
  const joiner = await joinerOf(deps, room, credential, clientMaxSize);
  let list = await deps.store.rooms.listParticipants(roomToken);
  // Refused before a token is made: a full room costs the provider nothing.
  refuseUnlessAllowed(decideJoin(room, list.participants, joiner));

  const roomConnectionId = randomUUID();
  const role = joiner.user !== null && joiner.user === room.user ? 'moderator' : 'publisher';
  const credentials = await createRoomToken(deps, room, { roomConnectionId, displayName, role });
  const participant: RoomParticipant = {
    roomToken,
    participantHmac: joiner.sessionKey ?? tokenParticipantHmac(deps, credentials.token),
    roomConnectionId,
    displayName,
    clientMaxSize,
    user: joiner.user,
    account: joiner.account,
    joinedAt: deps.clock.now(),
    expiresAt: participantDeadline(deps),
  };
  for (let round = 1; ; round++) {
    const outcome = await deps.store.rooms.addParticipant(participant, list.version);
    if (outcome === 'added') break;
    if (outcome === 'gone') throw LoopError.invalidToken();
    if (round >= MAX_ROUNDS) throw LoopError.backend('Too many people are joining this room at once; retry.');
    list = await deps.store.rooms.listParticipants(roomToken);
    refuseUnlessAllowed(decideJoin(room, list.participants, joiner));
  }
  // A guest joining again with its Basic token: the new token is its credential now (2016 kept the old one
  // and left the new one unusable, spec §16.18).
  if (joiner.replacing !== null && joiner.replacing !== participant.participantHmac)
    await deps.store.rooms.removeParticipant(roomToken, joiner.replacing);
  scheduleExpiry(deps, participant.expiresAt);
  const touched = (await touchRoom(deps, room)) ?? room;
  notifyRoomOwner(deps, touched, 'join');
  return { room: touched, participant, credentials };
}
