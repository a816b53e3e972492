/**
 * What instances tell a user's events sockets, on the bus topic `user` keyed by the user's owner key (a
 * keyed hash). For a call only the call id travels: each socket reads the record and presents it itself,
 * as GET /calls would, so no callee token crosses the bus. Calls ending are not published here: a socket
 * follows each call it showed on that call's progress topic. A room change travels whole: it is what the
 * socket sends (the app then asks `GET /rooms?version=`).
 */
import { isRoomEvent, type RoomChange } from '../rooms/room-event.ts';
import { parseObject, type Topic } from './event-bus.ts';

export type UserBusMessage = { kind: 'incoming-call'; callId: string } | ({ kind: 'room-changed' } & RoomChange);

export const USER_EVENTS: Topic<UserBusMessage> = {
  name: 'user',
  encode: (message) => JSON.stringify(message),
  decode(raw) {
    const m = parseObject(raw);
    if (m?.kind === 'incoming-call' && typeof m.callId === 'string') return { kind: 'incoming-call', callId: m.callId };
    if (
      m?.kind === 'room-changed' &&
      typeof m.roomToken === 'string' &&
      isRoomEvent(m.event) &&
      typeof m.version === 'number'
    )
      return { kind: 'room-changed', roomToken: m.roomToken, event: m.event, version: m.version };
    return null;
  },
};
