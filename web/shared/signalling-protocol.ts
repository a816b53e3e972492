/**
 * The server's frame modules as the app uses them: the signalling websocket
 * (src/realtime/signalling-messages.ts) and the user events websocket (src/realtime/user-event-messages.ts).
 * One import point, so the app never defines a frame of its own.
 */
export {
  parseSignallingServerMessage,
  SIGNALLING_ERROR_REASONS,
  type PeerLeftReason,
  type RoomLeftReason,
  type RoomPeer,
  type SignalData,
  type SignallingClientMessage,
  type SignallingErrorReason,
  type SignallingServerMessage,
} from '../../src/realtime/signalling/signalling-messages.ts';
export {
  parseUserEventsServerMessage,
  USER_EVENTS_ERROR_REASONS,
  type CalleeCallItem,
  type UserEventsClientMessage,
  type UserEventsErrorReason,
  type UserEventsServerMessage,
} from '../../src/realtime/user-events/user-event-messages.ts';
