import { STATUS_CODES } from 'node:http';
import { ERRNO, type Errno } from './catalogue.ts';

/** Body of every error response: `{code, errno, error, message}` (spec §2.1, plus `message`). */
interface ErrorBody {
  code: number;
  errno: Errno;
  /** The historical error string clients and old tests compare against. */
  error: string;
  /** A human sentence saying what went wrong and, where useful, what to do. */
  message: string;
}

/**
 * The only error type the HTTP layer turns into a response. Use cases throw these through the named
 * constructors below, so an errno/status pair is written in exactly one place.
 */
export class LoopError extends Error {
  constructor(
    readonly status: number,
    readonly errno: Errno,
    readonly error: string,
    message?: string,
    /** Extra response headers (WWW-Authenticate, Retry-After, Allow). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message ?? error);
    this.name = 'LoopError';
  }

  toBody(): ErrorBody {
    return { code: this.status, errno: this.errno, error: this.error, message: this.message };
  }

  static invalidToken(error = 'Token not found.'): LoopError {
    return new LoopError(404, ERRNO.INVALID_TOKEN, error, 'This link is unknown, revoked or expired.');
  }
  /** Unknown or finished call, or a token that does not open it: the same answer, so nothing is probed. */
  static unknownCall(): LoopError {
    return new LoopError(
      404,
      ERRNO.INVALID_TOKEN,
      'Call not found.',
      "This call is unknown or over, or the token is not the caller's.",
    );
  }
  static badJson(detail = 'The body is not valid JSON.'): LoopError {
    return new LoopError(400, ERRNO.BADJSON, 'Invalid JSON', detail);
  }
  static notAcceptable(): LoopError {
    return new LoopError(406, ERRNO.BADJSON, 'Request body should be defined as application/json');
  }
  static missingParameters(fields: readonly string[]): LoopError {
    return new LoopError(400, ERRNO.MISSING_PARAMETERS, `Missing: ${fields.join(', ')}`);
  }
  static invalidParameters(error: string): LoopError {
    return new LoopError(400, ERRNO.INVALID_PARAMETERS, error);
  }
  static unauthorized(message: string, wwwAuthenticate: string): LoopError {
    return new LoopError(401, ERRNO.INVALID_AUTH_TOKEN, 'Unauthorized', message, {
      'www-authenticate': wwwAuthenticate,
    });
  }
  static forbidden(message = 'Forbidden'): LoopError {
    return new LoopError(403, ERRNO.INVALID_AUTH_TOKEN, 'Forbidden', message);
  }
  /** The 2016 server's `error` text, which its clients and tests compare. */
  static registeredOnly(): LoopError {
    const text = 'You should be a registered user to perform this action.';
    return new LoopError(403, ERRNO.INVALID_AUTH_TOKEN, text, text);
  }
  /** `POST /event` (spec §4.10): Loop sends nobody's events to a third party, so this is never configured. */
  static analyticsDisabled(): LoopError {
    const text = 'Google Analytics events are not configured for this server.';
    return new LoopError(405, ERRNO.UNDEFINED, text, text, { allow: '' });
  }
  static browserIdGone(): LoopError {
    return LoopError.unauthorized('BrowserID is no longer supported; sign in with OpenID Connect', 'Bearer');
  }
  static invalidOAuthState(): LoopError {
    return new LoopError(
      400,
      ERRNO.INVALID_OAUTH_STATE,
      'Invalid OAuth state',
      'The state does not match the one issued; start the sign-in again.',
    );
  }
  static signInDisabled(): LoopError {
    return new LoopError(
      404,
      ERRNO.UNDEFINED,
      'Sign-in is not enabled on this server',
      'This server has no identity provider configured (see GET / signIn.enabled).',
    );
  }
  /** Over a rate limit; `what` names what was counted ("sign-in attempts", "calls to this link"). */
  static tooManyRequests(retryAfterSec: number, what = 'requests'): LoopError {
    return new LoopError(
      429,
      ERRNO.TOO_MANY_REQUESTS,
      'Too Many Requests',
      `Too many ${what}; retry in ${retryAfterSec} seconds.`,
      { 'retry-after': String(retryAfterSec) },
    );
  }
  /** A user at the cap of what one user may hold (`what`: "live links"). */
  static limitReached(what: string, max: number): LoopError {
    return new LoopError(
      403,
      ERRNO.LIMIT_REACHED,
      'Limit reached',
      `You already have ${max} ${what}, the most this server keeps for one user; delete some first.`,
    );
  }
  /**
   * A request refused by HTTP itself (parser, router, static files) with `status`: the standard reason phrase
   * and a sentence, never the request's own text (a path or header may carry a token).
   */
  static protocol(status: number, message: string, headers: Readonly<Record<string, string>> = {}): LoopError {
    return new LoopError(status, ERRNO.UNDEFINED, STATUS_CODES[status] ?? 'Bad Request', message, headers);
  }
  static upgradeRequired(): LoopError {
    return LoopError.protocol(426, 'This path is a websocket: connect with an Upgrade: websocket request.', {
      upgrade: 'websocket',
      connection: 'Upgrade',
    });
  }
  static subjectTooLong(maxLength: number): LoopError {
    return new LoopError(400, ERRNO.INVALID_PARAMETERS, `Call subject should be shorter than ${maxLength} characters`);
  }
  static requestTooLarge(limitBytes: number): LoopError {
    return new LoopError(
      413,
      ERRNO.REQUEST_TOO_LARGE,
      'Request Entity Too Large',
      `The body must not exceed ${limitBytes} bytes.`,
    );
  }
  static unsupportedMediaType(): LoopError {
    return new LoopError(
      415,
      ERRNO.BADJSON,
      'Unsupported Media Type',
      'Send the body as application/json (or application/x-www-form-urlencoded).',
    );
  }
  static userUnavailable(): LoopError {
    return new LoopError(400, ERRNO.USER_UNAVAILABLE, 'Could not find any existing user to call');
  }
  static backend(message = 'A backend service failed; please retry later.'): LoopError {
    return new LoopError(503, ERRNO.BACKEND, 'Service Unavailable', message);
  }
  static noLongerSupported(): LoopError {
    return new LoopError(405, ERRNO.NO_LONGER_SUPPORTED, 'No longer supported');
  }
  /** Rooms (spec §7): the historical `error` strings, which the 2016 clients and tests compare. */
  static notRoomOwner(): LoopError {
    return new LoopError(403, ERRNO.UNDEFINED, 'Authenticated user is not the owner of this room.');
  }
  static notRoomParticipantNorOwner(): LoopError {
    return new LoopError(
      403,
      ERRNO.UNDEFINED,
      'Authenticated user is neither a participant of the room nor the room owner.',
    );
  }
  static roomFull(): LoopError {
    return new LoopError(400, ERRNO.ROOM_FULL, 'The room is full.');
  }
  static clientReachedCapacity(): LoopError {
    return new LoopError(400, ERRNO.CLIENT_REACHED_CAPACITY, 'Too many participants in the room for you to handle.');
  }
  static notRoomParticipant(error: string): LoopError {
    return new LoopError(400, ERRNO.NOT_ROOM_PARTICIPANT, error);
  }
  static participationExpired(): LoopError {
    return new LoopError(410, ERRNO.EXPIRED, 'Participation has expired.', 'Join the room again.');
  }

  static notFound(): LoopError {
    return new LoopError(404, ERRNO.UNDEFINED, 'Resource not found.', 'No such endpoint.');
  }
  static methodNotAllowed(): LoopError {
    return new LoopError(405, ERRNO.UNDEFINED, 'Method Not Allowed', 'This endpoint does not accept that method.');
  }
}
