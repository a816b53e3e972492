/** The authentication schemes of /openapi.json, described for someone writing a client. */
export const SECURITY_SCHEMES = {
  hawk: {
    type: 'http',
    scheme: 'Hawk',
    description: [
      'Hawk (https://github.com/mozilla/hawk), sha256. The credentials come from the `Hawk-Session-Token`',
      'response header of `POST /registration` (or of `POST /fxa-oauth/params`) by HKDF-SHA256 with no salt,',
      'info `identity.mozilla.com/picl/v1/sessionToken` and 64 bytes out: `id` = bytes 0-31 in hex, `key` =',
      'bytes 32-63 in hex, used as an ASCII string. Nonces are single use; a payload hash, when sent, is',
      'verified; a 401 carries `WWW-Authenticate` and the server time in `Timestamp`. Responses to signed',
      'requests carry `Server-Authorization`.',
    ].join(' '),
  },
  basic: {
    type: 'http',
    scheme: 'basic',
    description:
      'Room participants only (`GET` and `POST /rooms/{token}`): `Basic base64(<sessionToken>:)`, the ' +
      '`sessionToken` of their `join` answer as user name and an empty password (spec §3.6).',
  },
  bearer: {
    type: 'http',
    scheme: 'bearer',
    description: 'An OpenID Connect access token, on `POST /registration` only: mints a signed-in session.',
  },
} as const;

/** A route's `security`: any one of the entries suffices; `{}` means none is needed. */
type Security = Array<Record<string, string[]>>;
export const HAWK: Security = [{ hawk: [] }];
/** No credentials (a session is minted), or Hawk. */
export const HAWK_OR_NONE: Security = [{ hawk: [] }, {}];
/** Room routes: none (public info, a guest's join), Hawk, or a participant's Basic token. */
export const ROOM_CREDENTIALS: Security = [{}, { hawk: [] }, { basic: [] }];
export const REGISTRATION_CREDENTIALS: Security = [{}, { hawk: [] }, { bearer: [] }];
