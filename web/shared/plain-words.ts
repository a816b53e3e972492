/**
 * Every errno and every websocket reason the app can meet, as a sentence a person understands. One table
 * per source; `test/web/plain-words.test.ts` checks that each errno of the catalogue and each reason the
 * server's message modules define has its own sentence here. Pure: no DOM.
 */
import type { Errno } from '../../src/errors/catalogue.ts';
import { ERROR_REASONS } from '../../src/realtime/progress/progress-messages.ts';
import type { PeerLeftReason, SignallingErrorReason, UserEventsErrorReason } from './signalling-protocol.ts';

const TRY_AGAIN_LATER = 'Something went wrong on the server. Please try again in a moment.';

export const ERRNO_SENTENCES: Record<Errno, string> = {
  105: 'This link is no longer valid: it has expired or was revoked. Ask the person who sent it for a new link.',
  106: 'The app sent something the server could not read. Reloading the page usually fixes this.',
  107: 'Some of the details were not accepted. Check them and try again.',
  108: 'Some details are missing. Fill them in and try again.',
  110: 'This browser’s Loop session is no longer recognised. Reload the page to start a new one.',
  111: 'This has expired.',
  113: 'That is too much text. Shorten it and try again.',
  114: 'Signing in did not complete. Please start again.',
  116: 'Too many attempts in a short time. Wait a minute and try again.',
  117: 'You have reached the most links this server keeps for you. Delete some you no longer use, then try again.',
  121: 'This call cannot take more participants.',
  122: 'The person you are calling cannot be reached right now.',
  201: 'Loop cannot reach one of its services right now. Please try again in a moment.',
  202: 'This room is full.',
  203: 'You are not part of this room.',
  204: 'This feature is no longer available.',
  999: 'Something went wrong. Please try again.',
};

/** A failed API request: the errno's sentence, or what a status alone says (0 = no connection). */
export function apiErrorSentence(error: { status: number; errno: number | null }): string {
  if (error.status === 0) return 'Cannot reach Loop. Check your internet connection and try again.';
  if (error.status === 429) return 'Too many attempts in a short time. Wait a minute and try again.';
  if (error.errno !== null && error.errno in ERRNO_SENTENCES) return ERRNO_SENTENCES[error.errno as Errno];
  return error.status >= 500 ? TRY_AGAIN_LATER : ERRNO_SENTENCES[999];
}

/** Why a call ended (`terminated` reasons of the progress websocket), said to the caller or the callee. */
const ENDED_FOR_CALLER: Record<string, string> = {
  reject: 'They declined the call.',
  rejected: 'They declined the call.',
  busy: 'They are in another call. Try again later.',
  timeout: 'No answer. They may be away: try again later.',
  cancel: 'You cancelled the call.',
  closed: 'The call was ended.',
  'answered-elsewhere': 'The call was answered on another device.',
  'media-fail': 'The call could not connect its audio and video. Try again, or try another network.',
  'user-unknown': 'The person you are calling cannot be reached.',
};

const ENDED_FOR_CALLEE: Record<string, string> = {
  reject: 'You declined the call.',
  rejected: 'You declined the call.',
  busy: 'You were busy.',
  timeout: 'The call was not answered in time.',
  cancel: 'The caller hung up before you answered.',
  closed: 'The call was ended.',
  'answered-elsewhere': 'You answered this call on another device.',
  'media-fail': 'The call could not connect its audio and video.',
  'user-unknown': 'The call could not be delivered.',
};

/**
 * `answered`: the call had been answered (it was connecting) — a `timeout` then is the connection timer:
 * the media never flowed, which is not "no answer".
 */
export function endedSentence(reason: string | null | undefined, side: 'caller' | 'callee', answered = false): string {
  if (answered && reason === 'timeout') return 'The call could not connect. Check your network and try again.';
  const table = side === 'caller' ? ENDED_FOR_CALLER : ENDED_FOR_CALLEE;
  return (reason && table[reason]) || 'The call has ended.';
}

/** The progress websocket's `error` frames (src/realtime/progress-messages.ts), by their exact text. */
type ProgressErrorReason = (typeof ERROR_REASONS)[keyof typeof ERROR_REASONS];

export const PROGRESS_ERROR_SENTENCES: Record<ProgressErrorReason, string> = {
  [ERROR_REASONS.malformed]: 'The app and the server did not understand each other. Reload the page and try again.',
  [ERROR_REASONS.unknownType]: 'The app and the server did not understand each other. Reload the page and try again.',
  [ERROR_REASONS.badCallId]: 'This call no longer exists.',
  [ERROR_REASONS.badAuth]: 'This call could not be joined from this page.',
  [ERROR_REASONS.badReason]: 'The app and the server did not understand each other. Reload the page and try again.',
  [ERROR_REASONS.unavailable]: TRY_AGAIN_LATER,
  [ERROR_REASONS.tooManySockets]: 'This call is already open in too many windows. Close the others and try again.',
  [ERROR_REASONS.helloTimeout]: 'The connection to Loop was too slow to start. Please try again.',
};

export function progressErrorSentence(reason: string): string {
  const known = (PROGRESS_ERROR_SENTENCES as Record<string, string>)[reason];
  if (known) return known;
  if (reason.startsWith('No transition from')) return 'The call had already moved on: it may have ended.';
  if (reason.startsWith('Missing parameters') || reason.includes('state is invalid'))
    return PROGRESS_ERROR_SENTENCES[ERROR_REASONS.malformed] ?? TRY_AGAIN_LATER;
  return 'The connection to Loop failed. Please try again.';
}

/** The signalling websocket's `error` reasons and `peer-left` reasons (docs/realtime.md). */
export const SIGNALLING_ERROR_SENTENCES: Record<SignallingErrorReason, string> = {
  timeout: 'Setting up the call took too long. Please try again.',
  'invalid-token': 'This call can no longer be joined: it has ended or expired.',
  'no-peer': 'The other person is not connected yet.',
  replaced: 'This call was opened in another window or on another device.',
  'bad-message': 'The app and the server did not understand each other. Reload the page and try again.',
  unavailable: TRY_AGAIN_LATER,
  expired: 'Your place in this room expired. Joining again…',
};

export const PEER_LEFT_SENTENCES: Record<PeerLeftReason, string> = {
  bye: 'The other person hung up.',
  disconnected: 'The other person lost their connection.',
};

/** The user events websocket of the callee's app. */
export const EVENTS_ERROR_SENTENCES: Record<UserEventsErrorReason, string> = {
  timeout: 'Could not start listening for calls in time. Retrying…',
  'invalid-ticket': 'Could not start listening for calls. Retrying…',
  'bad-message': 'The app and the server did not understand each other. Reload the page.',
  unavailable: 'Loop cannot listen for calls right now. Retrying…',
};

export function signallingErrorSentence(reason: string): string {
  return (
    (SIGNALLING_ERROR_SENTENCES as Record<string, string>)[reason] ??
    'The connection for the call failed. Please try again.'
  );
}

/** Camera and microphone: getUserMedia's error names. */
export type MediaProblem = 'denied' | 'no-device' | 'busy' | 'insecure' | 'failed';

export const MEDIA_SENTENCES: Record<MediaProblem, string> = {
  denied:
    'Your browser blocked the camera or microphone. Allow them for this site (the icon in the address bar), then try again.',
  'no-device': 'No camera or microphone was found. Connect one, or try “Audio only”.',
  busy: 'Your camera or microphone is in use by another app. Close it and try again.',
  insecure: 'Calls need a secure (https) page. Open the link as it was sent to you.',
  failed: 'The camera or microphone could not be started. Try again, or try “Audio only”.',
};

export function mediaProblemOf(error: unknown): MediaProblem {
  const name =
    error instanceof Error || (typeof error === 'object' && error !== null && 'name' in error)
      ? String((error as { name: unknown }).name)
      : '';
  if (name === 'NotAllowedError' || name === 'PermissionDeniedError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError')
    return 'no-device';
  if (name === 'NotReadableError' || name === 'TrackStartError') return 'busy';
  if (name === 'SecurityError' || name === 'TypeError') return 'insecure';
  return 'failed';
}

/** The connection itself, once the call is set up. */
export const CONNECTION_LOST = 'The connection was lost. Check your internet connection and try again.';

/** The server uses an outside video service (OpenTok, LiveKit), whose client this app does not include. */
export const NO_BUILTIN_RELAY =
  'This Loop server uses an outside video service that this page cannot connect to. Ask its operator.';
