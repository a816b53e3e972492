/**
 * The three websocket protocols, described in words for /openapi.json (OpenAPI has no websocket operations:
 * each is documented as its upgrade `GET`). The full tables are in docs/realtime.md; these texts say enough to
 * write a client and point there for the rest.
 */
const upgrade = (description: string) => ({
  tags: ['realtime'],
  description,
  response: {
    101: { description: 'Switching Protocols: the websocket is open; JSON text frames follow.', type: 'null' },
  },
});

export const PROGRESS_SOCKET_DOC = {
  summary: 'Call progress websocket (at `progressURL`)',
  ...upgrade(
    [
      'The historical call progress protocol (spec §6.6), both sides of a call. Client → server:',
      '`{"messageType":"hello","callId","auth":<websocketToken>}` first (within `LOOP_WS_HELLO_TIMEOUT_SECONDS`),',
      'then `{"messageType":"action","event":"accept"|"media-up"|"terminate","reason"?}`;',
      '`{"messageType":"echo","echo"}` at any time. Server → client: `hello` and `progress` (`state`: `init`,',
      '`alerting`, `connecting`, `half-connected`, `connected`, `terminated`, with `reason` when terminated),',
      '`echo`, `error` (`reason`, then close 1008). The server closes with 1000 after `connected` or',
      '`terminated`, 1009 for a frame over `LOOP_WS_MAX_FRAME_BYTES`, 1001 when it shuts down. Only the callee',
      'may `accept`. Frames, error reasons and timers: docs/realtime.md.',
    ].join(' '),
  ),
};

export const SIGNALLING_SOCKET_DOC = {
  summary: 'Signalling relay websocket, built-in provider only (at `signallingURL`)',
  ...upgrade(
    [
      'WebRTC signalling between the peers of a call or a room. The first frame is',
      '`{"type":"join","token":<sessionToken>}` (the provider token of `POST /calls/{token}`, a `GET /calls`',
      'item, or a room `join`). A call: the server answers `{"type":"joined","role","peerPresent","iceServers"}`',
      'and relays `{"type":"signal","data":{description|candidate}}` to the other peer (`peer-joined`,',
      '`peer-left` tell presence); the caller offers. A room: `{"type":"room-joined","pid","role","peers",',
      '"iceServers"}`, then `{"type":"signal","to":<pid>,"data"}` out and `{"type":"signal","from":<pid>,"data"}`',
      'in, with `participant-joined` and `participant-left` (`bye`, `disconnected`, `expired`). `{"type":"bye"}`',
      'leaves. Errors: `{"type":"error","reason"}` with `timeout` (close 4408), `invalid-token` (4401),',
      '`bad-message` (4400 before joining), `no-peer`, `replaced` (4409), `expired` (4410), `unavailable`',
      '(4503). Details: docs/realtime.md.',
    ].join(' '),
  ),
};

export const USER_EVENTS_SOCKET_DOC = {
  summary: "The user's events websocket (incoming calls, room changes)",
  ...upgrade(
    [
      'For apps that cannot sign a websocket with Hawk: get a ticket with `POST /events/ticket`, open the',
      'socket and send `{"type":"hello","ticket"}` first. Server → client: `{"type":"hello","pending":[item…]}`',
      '(live calls, each a `GET /calls` item), `{"type":"incoming-call","call":item}`,',
      '`{"type":"call-ended","callId","reason"}`, `{"type":"room-changed","roomToken","event","version"}`',
      '(then `GET /rooms?version=`), `{"type":"pong"}` for `{"type":"ping"}`, and',
      '`{"type":"error","reason"}`: `invalid-ticket` (close 4401), `timeout` (4408), `bad-message` (4400 before',
      'hello), `unavailable` (4503). Details: docs/realtime.md.',
    ].join(' '),
  ),
};
