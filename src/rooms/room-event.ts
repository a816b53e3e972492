/**
 * What happened to a room, as its owner's devices and open apps are told (spec §7.6). A module of its own,
 * free of imports, because the browser's frame parser and the bus decode it as well as the server's use cases.
 */
export const ROOM_EVENTS = ['creation', 'modification', 'deletion', 'join', 'leave', 'expiry'] as const;

/** `expiry`: a participant stopped refreshing and its deadline removed it (the 2016 server said `leave`). */
export type RoomEvent = (typeof ROOM_EVENTS)[number];

export const isRoomEvent = (value: unknown): value is RoomEvent =>
  typeof value === 'string' && (ROOM_EVENTS as readonly string[]).includes(value);

/** One change of one room, for its owner: the push `version` is what `GET /rooms?version=` takes. */
export interface RoomChange {
  roomToken: string;
  event: RoomEvent;
  version: number;
}
