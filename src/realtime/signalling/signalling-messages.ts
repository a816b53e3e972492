/**
 * The frames of the built-in provider's signalling websocket (`GET /signalling`, docs/realtime.md),
 * shared by the server and the browser app: types and pure encode/parse/validate functions only, no
 * Node-only import, so esbuild bundles this file for the browser as it is.
 *
 * Convention for clients: the caller is always the offerer. It creates the offer when it learns the
 * callee is present (`joined.peerPresent`, or `peer-joined`, also after a `peer-left`); the callee
 * answers; both trickle ICE candidates (`candidate: null` ends them).
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

export type SignallingClientMessage =
  { type: 'join'; token: string } | { type: 'signal'; data: SignalData } | { type: 'bye' };

export const SIGNALLING_ERROR_REASONS = [
  'timeout',
  'invalid-token',
  'no-peer',
  'replaced',
  'bad-message',
  'unavailable',
] as const;
export type SignallingErrorReason = (typeof SIGNALLING_ERROR_REASONS)[number];
export type PeerLeftReason = 'bye' | 'disconnected';

export type SignallingServerMessage =
  | { type: 'joined'; role: PeerRole; peerPresent: boolean; iceServers: IceServerInit[] }
  | { type: 'peer-joined'; role: PeerRole }
  | { type: 'peer-left'; role: PeerRole; reason: PeerLeftReason }
  | { type: 'signal'; data: SignalData }
  | { type: 'error'; reason: SignallingErrorReason };

/** Close codes the server uses; the error frame before a close says why in words. */
export const SIGNALLING_CLOSE_CODES = {
  ...FIRST_FRAME_CLOSE_CODES,
  /** After `bye`. */
  normal: 1000,
  invalidToken: 4401,
  /** Another connection joined with the same token role: the latest wins. */
  replaced: 4409,
} as const;

export const isPeerRole = (value: unknown): value is PeerRole => value === 'caller' || value === 'callee';

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
  if (value.type === 'signal' && isSignalData(value.data))
    return { ok: true, message: { type: 'signal', data: value.data } };
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
      return isSignalData(value.data) ? { type: 'signal', data: value.data } : null;
    case 'error':
      return isOneOf(SIGNALLING_ERROR_REASONS, value.reason) ? { type: 'error', reason: value.reason } : null;
    default:
      return null;
  }
}

export function encodeSignallingMessage(message: SignallingClientMessage | SignallingServerMessage): string {
  return JSON.stringify(message);
}
