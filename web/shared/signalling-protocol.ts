/**
 * The frames of the signalling and user events websockets as this app uses them. TEMPORARY: replaced by
 * re-exports of src/realtime/signalling-messages.ts and user-event-messages.ts once those land.
 */
export type SignallingClientMessage =
  | { type: 'join'; token: string }
  | { type: 'signal'; data: { description: RTCSessionDescriptionInit } | { candidate: RTCIceCandidateInit | null } }
  | { type: 'bye' };

export type SignallingServerMessage =
  | { type: 'joined'; role: 'caller' | 'callee'; peerPresent: boolean; iceServers: RTCIceServer[] }
  | { type: 'peer-joined'; role: 'caller' | 'callee' }
  | { type: 'peer-left'; role: 'caller' | 'callee'; reason: 'bye' | 'disconnected' }
  | { type: 'signal'; data: unknown }
  | { type: 'error'; reason: string };

export interface CalleeCallItem {
  callId: string;
  callType: 'audio' | 'audio-video';
  callerId: string;
  websocketToken: string;
  sessionToken: string;
  progressURL: string;
  signallingURL?: string;
  iceServers?: RTCIceServer[];
  subject?: string;
  callToken?: string;
}

export type EventsServerMessage =
  | { type: 'hello'; pending: CalleeCallItem[] }
  | { type: 'incoming-call'; call: CalleeCallItem }
  | { type: 'call-ended'; callId: string; reason: string }
  | { type: 'pong' }
  | { type: 'error'; reason: string };

export type EventsClientMessage = { type: 'hello'; ticket: string } | { type: 'ping' };
