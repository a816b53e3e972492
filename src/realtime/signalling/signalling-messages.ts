/**
 * The frames of the built-in provider's signalling websocket (`GET /signalling`, docs/realtime.md),
 * shared by the server and the browser app: types and pure encode/parse/validate functions only, no
 * Node-only import, so esbuild bundles this file for the browser as it is.
 *
 * Convention for clients: the caller is always the offerer. It creates the offer when it learns the
 * callee is present (`joined.peerPresent`, or `peer-joined`, also after a `peer-left`); the callee
 * answers; both trickle ICE candidates (`candidate: null` ends them).
 *
 * A room's session (a room token: role `moderator` or `publisher`) has N peers, each named by its
 * participation id `pid` (the `roomConnectionId`): `room-joined` lists the peers present, a `signal` goes
 * `to` one peer and arrives `from` one, and `participant-joined` / `participant-left` follow the others.
 * Convention for room clients: between two peers, the one with the smaller `pid` is the impolite peer of
 * "perfect negotiation" (web/room/mesh-peer.ts); both may offer, glare is resolved by the polite one.
 *
 * The first frame must be a valid `join` within LOOP_WS_HELLO_TIMEOUT_SECONDS (close 4408 otherwise);
 * what this protocol shares with the user events one (close codes, parsing) is in json-frames.ts.
 */
import {
  FIRST_FRAME_CLOSE_CODES,
  isObject,
  isOneOf,
  NOT_A_MESSAGE,
  parseJsonObject,
  type ParsedFrame,
} from '../json-frames.ts';

export type PeerRole = 'caller' | 'callee';

/** Structurally RTCSessionDescriptionInit (declared here: the server has no DOM types). */
export interface SessionDescription {
  type: 'offer' | 'answer' | 'pranswer' | 'rollback';
  sdp?: string;
}

/** Structurally RTCIceCandidateInit. */
export interface IceCandidate {
  candidate?: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
  usernameFragment?: string | null;
}

/** Structurally RTCIceServer. */
export interface IceServerInit {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export type SignalData = { description: SessionDescription } | { candidate: IceCandidate | null };

/** In a room, `to` names the peer (its `pid`) a signal is for; a call's signals go to the other peer. */
export type SignallingClientMessage =
  { type: 'join'; token: string } | { type: 'signal'; data: SignalData; to?: string } | { type: 'bye' };

export const SIGNALLING_ERROR_REASONS = [
  'timeout',
  'invalid-token',
  'no-peer',
  'replaced',
  'bad-message',
  'unavailable',
  /** Rooms: this participation ended (it stopped refreshing); join the room again for a new one. */
  'expired',
] as const;
export type SignallingErrorReason = (typeof SIGNALLING_ERROR_REASONS)[number];
export type PeerLeftReason = 'bye' | 'disconnected';

export type RoomRole = 'moderator' | 'publisher';
/** `expired`: the room's participant expiry removed it (it stopped refreshing), announced through the bus. */
export const ROOM_LEFT_REASONS = ['bye', 'disconnected', 'expired'] as const;
export type RoomLeftReason = (typeof ROOM_LEFT_REASONS)[number];

/** Another participant of the room, as the relay names it. */
export interface RoomPeer {
  pid: string;
  name: string;
}

export type SignallingServerMessage =
  | { type: 'joined'; role: PeerRole; peerPresent: boolean; iceServers: IceServerInit[] }
  | { type: 'peer-joined'; role: PeerRole }
  | { type: 'peer-left'; role: PeerRole; reason: PeerLeftReason }
  /** In a room, `from` is the sender's pid. */
  | { type: 'signal'; data: SignalData; from?: string }
  | { type: 'error'; reason: SignallingErrorReason }
  | { type: 'room-joined'; pid: string; role: RoomRole; peers: RoomPeer[]; iceServers: IceServerInit[] }
  | { type: 'participant-joined'; pid: string; name: string }
  | { type: 'participant-left'; pid: string; reason: RoomLeftReason };

/** Close codes the server uses; the error frame before a close says why in words. */
export const SIGNALLING_CLOSE_CODES = {
  ...FIRST_FRAME_CLOSE_CODES,
  /** After `bye`. */
  normal: 1000,
  invalidToken: 4401,
  /** Another connection joined with the same token role (a room: the same pid): the latest wins. */
  replaced: 4409,
  /** Rooms: the participation expired. */
  expired: 4410,
} as const;

export const isPeerRole = (value: unknown): value is PeerRole => value === 'caller' || value === 'callee';
export const isRoomRole = (value: unknown): value is RoomRole => value === 'moderator' || value === 'publisher';
/** A participation id or a name as the relay carries them: non-empty text (pid), any text (name). */
export const isPid = (value: unknown): value is string => typeof value === 'string' && value !== '';
const isRoomPeer = (value: unknown): value is RoomPeer =>
  isObject(value) && isPid(value.pid) && typeof value.name === 'string';

const optional = (value: unknown, check: (v: unknown) => boolean) => value === undefined || check(value);
const isString = (v: unknown) => typeof v === 'string';
const isStringOrNull = (v: unknown) => v === null || typeof v === 'string';
const isIndexOrNull = (v: unknown) => v === null || (typeof v === 'number' && Number.isInteger(v) && v >= 0);
const DESCRIPTION_TYPES: readonly unknown[] = ['offer', 'answer', 'pranswer', 'rollback'];

/** `{description}` or `{candidate}` (null ends the candidates), and nothing else. */
export function isSignalData(value: unknown): value is SignalData {
  if (!isObject(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== 1) return false;
  if (keys[0] === 'description') {
    const d = value.description;
    return isObject(d) && DESCRIPTION_TYPES.includes(d.type) && optional(d.sdp, isString);
  }
  if (keys[0] === 'candidate') {
    const c = value.candidate;
    if (c === null) return true;
    return (
      isObject(c) &&
      optional(c.candidate, isString) &&
      optional(c.sdpMid, isStringOrNull) &&
      optional(c.sdpMLineIndex, isIndexOrNull) &&
      optional(c.usernameFragment, isStringOrNull)
    );
  }
  return false;
}

export type ParsedClientMessage = ParsedFrame<SignallingClientMessage>;

/** The server's reading of a client frame; `signal.data` is kept as sent (it is relayed unchanged). */
export function parseSignallingClientMessage(raw: string): ParsedClientMessage {
  const frame = parseJsonObject(raw);
  if (!frame.ok) return frame;
  const value = frame.value;
  if (value.type === 'join' && typeof value.token === 'string' && value.token !== '')
    return { ok: true, message: { type: 'join', token: value.token } };
  if (value.type === 'signal' && isSignalData(value.data)) {
    if (value.to === undefined) return { ok: true, message: { type: 'signal', data: value.data } };
    return isPid(value.to) ? { ok: true, message: { type: 'signal', data: value.data, to: value.to } } : NOT_A_MESSAGE;
  }
  if (value.type === 'bye') return { ok: true, message: { type: 'bye' } };
  return NOT_A_MESSAGE;
}

/** The browser's reading of a server frame; null for anything this protocol does not define. */
export function parseSignallingServerMessage(raw: string): SignallingServerMessage | null {
  const frame = parseJsonObject(raw);
  if (!frame.ok) return null;
  const value = frame.value;
  switch (value.type) {
    case 'joined':
      return isPeerRole(value.role) && typeof value.peerPresent === 'boolean' && Array.isArray(value.iceServers)
        ? {
            type: 'joined',
            role: value.role,
            peerPresent: value.peerPresent,
            iceServers: value.iceServers as IceServerInit[],
          }
        : null;
    case 'peer-joined':
      return isPeerRole(value.role) ? { type: 'peer-joined', role: value.role } : null;
    case 'peer-left':
      return isPeerRole(value.role) && (value.reason === 'bye' || value.reason === 'disconnected')
        ? { type: 'peer-left', role: value.role, reason: value.reason }
        : null;
    case 'signal':
      if (!isSignalData(value.data)) return null;
      if (value.from === undefined) return { type: 'signal', data: value.data };
      return isPid(value.from) ? { type: 'signal', data: value.data, from: value.from } : null;
    case 'error':
      return isOneOf(SIGNALLING_ERROR_REASONS, value.reason) ? { type: 'error', reason: value.reason } : null;
    default:
      return parseRoomServerMessage(value);
  }
}

/** The frames only a room's session sends. */
function parseRoomServerMessage(value: Record<string, unknown>): SignallingServerMessage | null {
  switch (value.type) {
    case 'room-joined':
      return isPid(value.pid) &&
        isRoomRole(value.role) &&
        Array.isArray(value.peers) &&
        value.peers.every(isRoomPeer) &&
        Array.isArray(value.iceServers)
        ? {
            type: 'room-joined',
            pid: value.pid,
            role: value.role,
            peers: value.peers.map((peer: RoomPeer) => ({ pid: peer.pid, name: peer.name })),
            iceServers: value.iceServers as IceServerInit[],
          }
        : null;
    case 'participant-joined':
      return isPid(value.pid) && typeof value.name === 'string'
        ? { type: 'participant-joined', pid: value.pid, name: value.name }
        : null;
    case 'participant-left':
      return isPid(value.pid) && isOneOf(ROOM_LEFT_REASONS, value.reason)
        ? { type: 'participant-left', pid: value.pid, reason: value.reason }
        : null;
    default:
      return null;
  }
}

export function encodeSignallingMessage(message: SignallingClientMessage | SignallingServerMessage): string {
  return JSON.stringify(message);
}
