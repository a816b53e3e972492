/**
 * What instances tell a user's events sockets, on the bus topic `user` keyed by the user's owner key (a
 * keyed hash). Only the call id travels: each socket reads the record and presents it itself, as
 * GET /calls would, so no callee token crosses the bus. Calls ending are not published here: a socket
 * follows each call it showed on that call's progress topic.
 */
import { parseObject, type Topic } from './event-bus.ts';

export type UserBusMessage = { kind: 'incoming-call'; callId: string };

export const USER_EVENTS: Topic<UserBusMessage> = {
  name: 'user',
  encode: (message) => JSON.stringify(message),
  decode(raw) {
    const m = parseObject(raw);
    return m && m.kind === 'incoming-call' && typeof m.callId === 'string'
      ? { kind: 'incoming-call', callId: m.callId }
      : null;
  },
};
