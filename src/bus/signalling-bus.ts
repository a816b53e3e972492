/**
 * What signalling instances tell each other about one provider session, on the bus topic `signal`
 * keyed by session id. Every instance holding a peer of the session subscribes; an instance's own
 * messages come back to it too, and are handled the same way (one code path for one or many instances).
 */
import {
  isPeerRole,
  isSignalData,
  type PeerLeftReason,
  type PeerRole,
  type SignalData,
} from '../realtime/signalling/signalling-messages.ts';
import { parseObject, type Topic } from './event-bus.ts';

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
