/**
 * The capacity rule of a join (spec §7.2), exactly as the 2016 server applied it, on the list of live
 * participants the store returned (the store then refuses the write if that list has changed since).
 */
import type { RoomParticipant } from './room-record.ts';

export interface Joiner {
  /** Owner key of a Hawk joiner; null for an anonymous one (then nobody is excluded as "the same user"). */
  user: string | null;
  /** The participation this join replaces (a rejoin), which never counts against itself. */
  replacing: string | null;
  clientMaxSize: number;
}

export type JoinDecision = 'allowed' | 'room-full' | 'client-capacity';

export function decideJoin(
  room: { user: string; maxSize: number },
  participants: readonly RoomParticipant[],
  joiner: Joiner,
): JoinDecision {
  // The same user's other devices (and the participation being replaced) are not "others".
  const others = participants.filter(
    (p) => !(joiner.user !== null && p.user === joiner.user) && p.participantHmac !== joiner.replacing,
  );
  const effectiveSize = others.reduce((size, p) => Math.min(size, p.clientMaxSize), room.maxSize);
  let spare = effectiveSize - others.length;
  const ownerPresent = participants.some((p) => p.user === room.user);
  // The owner's seat is kept free for the owner.
  if (!ownerPresent && joiner.user !== room.user) spare -= 1;
  if (spare <= 0) return 'room-full';
  if (joiner.clientMaxSize <= others.length) return 'client-capacity';
  return 'allowed';
}
