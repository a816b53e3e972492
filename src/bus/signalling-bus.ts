/**
 * What signalling instances tell each other about one provider session, keyed by session id: a call's
 * two peers on the topic `signal`, a room's N peers on the topic `room-signal`. Every instance holding a
 * peer of the session subscribes; an instance's own messages come back to it too, and are handled the
 * same way (one code path for one or many instances).
 */
import { isOneOf } from '../realtime/json-frames.ts';
import {
  isPeerRole,
  isPid,
  isSignalData,
  ROOM_LEFT_REASONS,
  type PeerLeftReason,
  type PeerRole,
  type RoomLeftReason,
  type SignalData,
} from '../realtime/signalling/signalling-messages.ts';
import { parseObject, type EventBus, type Topic } from './event-bus.ts';

export type SignallingBusMessage =
  /** A peer joined (`at`: when, ms; the later of two joins with one role wins). */
  | { kind: 'join'; role: PeerRole; conn: string; at: number }
  /** The answer of a present peer to the join of `to`: how a newcomer learns `peerPresent`. */
  | { kind: 'present'; role: PeerRole; conn: string; to: string }
  | { kind: 'leave'; role: PeerRole; conn: string; reason: PeerLeftReason }
  /** `data` from the peer with `role`, for the other one. */
  | { kind: 'signal'; role: PeerRole; conn: string; data: SignalData };

export const SIGNALLING: Topic<SignallingBusMessage> = {
  name: 'signal',
  encode: (message) => JSON.stringify(message),
  decode(raw) {
    const m = parseObject(raw);
    if (!m || !isPeerRole(m.role) || typeof m.conn !== 'string') return null;
    const { role, conn } = m;
    switch (m.kind) {
      case 'join':
        return typeof m.at === 'number' ? { kind: 'join', role, conn, at: m.at } : null;
      case 'present':
        return typeof m.to === 'string' ? { kind: 'present', role, conn, to: m.to } : null;
      case 'leave':
        return m.reason === 'bye' || m.reason === 'disconnected'
          ? { kind: 'leave', role, conn, reason: m.reason }
          : null;
      case 'signal':
        return isSignalData(m.data) ? { kind: 'signal', role, conn, data: m.data } : null;
      default:
        return null;
    }
  },
};

/**
 * A room's session: peers are named by `pid` (the `roomConnectionId` in their token); `conn` names one
 * connection of that pid (a reloaded page is a new connection with the same pid: the later `at` wins).
 */
export type RoomSignallingBusMessage =
  | { kind: 'join'; pid: string; name: string; conn: string; at: number }
  /** The answer of a present peer to the join of connection `to`. */
  | { kind: 'present'; pid: string; name: string; conn: string; at: number; to: string }
  /** `conn` absent: every connection of `pid` is gone (the participant expiry says so, not a socket). */
  | { kind: 'leave'; pid: string; conn?: string; reason: RoomLeftReason }
  /** `data` from `pid` for the peer whose pid is `to`. */
  | { kind: 'signal'; pid: string; conn: string; to: string; data: SignalData };

export const ROOM_SIGNALLING: Topic<RoomSignallingBusMessage> = {
  name: 'room-signal',
  encode: (message) => JSON.stringify(message),
  decode(raw) {
    const m = parseObject(raw);
    if (!m || !isPid(m.pid)) return null;
    const { pid } = m;
    switch (m.kind) {
      case 'join':
        return typeof m.name === 'string' && isPid(m.conn) && typeof m.at === 'number'
          ? { kind: 'join', pid, name: m.name, conn: m.conn, at: m.at }
          : null;
      case 'present':
        return typeof m.name === 'string' && isPid(m.conn) && typeof m.at === 'number' && isPid(m.to)
          ? { kind: 'present', pid, name: m.name, conn: m.conn, at: m.at, to: m.to }
          : null;
      case 'leave':
        if (!isOneOf(ROOM_LEFT_REASONS, m.reason)) return null;
        if (m.conn === undefined) return { kind: 'leave', pid, reason: m.reason };
        return isPid(m.conn) ? { kind: 'leave', pid, conn: m.conn, reason: m.reason } : null;
      case 'signal':
        return isPid(m.conn) && isPid(m.to) && isSignalData(m.data)
          ? { kind: 'signal', pid, conn: m.conn, to: m.to, data: m.data }
          : null;
      default:
        return null;
    }
  },
};

/**
 * Tells every peer of a room's session, on any instance, that participation `roomConnectionId` is over
 * (the participant expiry: it stopped refreshing): the others get `participant-left` `expired`, and its own
 * socket, if one is still open, gets the error `expired` and is closed (4410). Built-in provider only:
 * the bus carries it whatever the provider, and nobody listens for other providers' sessions.
 */
export function announceRoomParticipantGone(
  bus: EventBus,
  sessionId: string,
  roomConnectionId: string,
  reason: Extract<RoomLeftReason, 'expired'> = 'expired',
): Promise<void> {
  return bus.publish(ROOM_SIGNALLING, sessionId, { kind: 'leave', pid: roomConnectionId, reason });
}
