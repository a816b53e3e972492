/**
 * The errno catalogue: the historical Loop values (spec §2.2) plus the HTTP status each one is sent with.
 * `docs/errors.md` documents exactly this table; `src/errors/catalogue.test.ts` keeps the two equal.
 */
export const ERRNO = {
  INVALID_TOKEN: 105,
  BADJSON: 106,
  INVALID_PARAMETERS: 107,
  MISSING_PARAMETERS: 108,
  INVALID_AUTH_TOKEN: 110,
  EXPIRED: 111,
  REQUEST_TOO_LARGE: 113,
  INVALID_OAUTH_STATE: 114,
  TOO_MANY_REQUESTS: 116,
  LIMIT_REACHED: 117,
  CLIENT_REACHED_CAPACITY: 121,
  USER_UNAVAILABLE: 122,
  BACKEND: 201,
  ROOM_FULL: 202,
  NOT_ROOM_PARTICIPANT: 203,
  NO_LONGER_SUPPORTED: 204,
  UNDEFINED: 999,
} as const;

export type ErrnoName = keyof typeof ERRNO;
export type Errno = (typeof ERRNO)[ErrnoName];

export interface CatalogueEntry {
  errno: Errno;
  name: ErrnoName;
  /** Statuses this errno is sent with, most common first. */
  statuses: readonly number[];
  meaning: string;
}

export const CATALOGUE: readonly CatalogueEntry[] = [
  {
    errno: 105,
    name: 'INVALID_TOKEN',
    statuses: [404],
    meaning: 'Call-link token unknown, revoked, expired or not yours.',
  },
  {
    errno: 106,
    name: 'BADJSON',
    statuses: [400, 406, 415],
    meaning: 'The body is not valid JSON, its content type is not JSON (or form), or the Accept header refuses JSON.',
  },
  {
    errno: 107,
    name: 'INVALID_PARAMETERS',
    statuses: [400],
    meaning: 'A field has an invalid value; the message names it.',
  },
  {
    errno: 108,
    name: 'MISSING_PARAMETERS',
    statuses: [400],
    meaning: 'Required fields are missing; the message names them ("Missing: a, b").',
  },
  {
    errno: 110,
    name: 'INVALID_AUTH_TOKEN',
    statuses: [401, 403],
    meaning: 'Authentication failed (401, with WWW-Authenticate) or the action is not allowed for this session (403).',
  },
  { errno: 111, name: 'EXPIRED', statuses: [410], meaning: 'The resource existed but has expired.' },
  {
    errno: 113,
    name: 'REQUEST_TOO_LARGE',
    statuses: [413],
    meaning: 'The request body is larger than the server accepts.',
  },
  {
    errno: 114,
    name: 'INVALID_OAUTH_STATE',
    statuses: [400],
    meaning: 'The OAuth state does not match the one issued.',
  },
  {
    errno: 116,
    name: 'TOO_MANY_REQUESTS',
    statuses: [429],
    meaning: 'Over a rate limit (sessions, calls, sign-in attempts); retry after Retry-After seconds.',
  },
  {
    errno: 117,
    name: 'LIMIT_REACHED',
    statuses: [403],
    meaning: 'The user already holds as many links (or rooms) as the server allows; delete some first.',
  },
  {
    errno: 121,
    name: 'CLIENT_REACHED_CAPACITY',
    statuses: [400],
    meaning: 'The client cannot handle that many participants.',
  },
  { errno: 122, name: 'USER_UNAVAILABLE', statuses: [400], meaning: 'No callee could be reached.' },
  {
    errno: 201,
    name: 'BACKEND',
    statuses: [503],
    meaning: 'A backend (store, provider, upstream) failed; retry after Retry-After seconds.',
  },
  { errno: 202, name: 'ROOM_FULL', statuses: [400], meaning: 'The room is full.' },
  {
    errno: 203,
    name: 'NOT_ROOM_PARTICIPANT',
    statuses: [400],
    meaning: 'The session is not a participant of the room.',
  },
  { errno: 204, name: 'NO_LONGER_SUPPORTED', statuses: [405], meaning: 'The endpoint is no longer supported.' },
  {
    errno: 999,
    name: 'UNDEFINED',
    statuses: [404, 400, 403, 405, 408, 414, 426, 431, 500],
    meaning:
      'Anything else: unknown route, forbidden, method not allowed, a request HTTP itself refuses (bad URL, no Host, headers too large, too slow), a websocket path without Upgrade.',
  },
];
