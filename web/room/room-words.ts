/** What the room page says, in plain words: who is here, who left and why, what went wrong. Pure. */
import type { RoomLeftReason } from '../shared/signalling-protocol.ts';
import type { RoomProblem } from './room-api.ts';

/** Said when one arrives in the room. */
export function peopleSentence(names: string[]): string {
  if (names.length === 0) return 'You are in the room. Nobody else is here yet: send them the link.';
  const last = names[names.length - 1];
  const list = names.length === 1 ? last : `${names.slice(0, -1).join(', ')} and ${last}`;
  return `You are in the room with ${list}.`;
}

export function leftSentence(name: string, reason: RoomLeftReason): string {
  if (reason === 'bye') return `${name} left.`;
  if (reason === 'expired') return `${name} is no longer in the room.`;
  return `${name} lost their connection.`;
}

export const ROOM_PROBLEM_SENTENCES: Record<RoomProblem, string> = {
  full: 'This room is full. Try again when someone has left.',
  gone: 'This room no longer exists: it has expired or was deleted. Ask the person who sent you the link for a new one.',
  'participation-over': 'You are no longer in this room. Join again.',
  offline: 'Cannot reach Loop. Check your internet connection and try again.',
  other: 'Something went wrong. Please try again.',
};

/** The room's title when the link carried no key to read its name (the server renders it first). */
export { GENERIC_ROOM_TITLE } from '../../src/pages/room-page.ts';
export const REPLACED_SENTENCE = 'This room is open in another tab or window, so it was closed here.';
