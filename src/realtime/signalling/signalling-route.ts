/**
 * `GET /signalling` (the path of `signallingURL`): the built-in provider's signalling relay. Registered
 * only when LOOP_PROVIDER=builtin; the tokens it admits are that provider's participant tokens: a call
 * token joins a two-party session (signalling-hub.ts), a room token a room's session of N peers
 * (room-signalling-hub.ts).
 */
import { SIGNALLING_SOCKET_DOC } from '../websocket-docs.ts';
import type { LoopDeps } from '../../deps.ts';
import type { BuiltinProvider } from '../../providers/builtin/builtin-provider.ts';
import { isRoomClaims } from '../../providers/builtin/participant-token.ts';
import { RoomSignallingConnection } from './room-signalling-connection.ts';
import { RoomSignallingHub } from './room-signalling-hub.ts';
import { SignallingConnection } from './signalling-connection.ts';
import { SignallingGate, type SignallingGateOptions } from './signalling-gate.ts';
import { SignallingHub } from './signalling-hub.ts';
import type { WebsocketServer } from '../websocket-server.ts';

export interface SignallingRouteOptions {
  deps: Pick<LoopDeps, 'eventBus' | 'clock' | 'log' | 'metrics'>;
  provider: BuiltinProvider;
  websockets: WebsocketServer;
  /** LOOP_WS_HELLO_TIMEOUT_SECONDS, in ms: the time a socket has for its `join`. */
  joinTimeoutMs: number;
  /** Shared bus only: how long a newcomer waits for the other peers' `present` answers. */
  presenceWaitMs?: number;
}

/** Long enough for a Redis round trip through two instances under load, short enough not to be felt. */
const PRESENCE_WAIT_MS = 250;

export function registerSignallingRoute(options: SignallingRouteOptions): {
  calls: SignallingHub;
  rooms: RoomSignallingHub;
} {
  const { deps, provider } = options;
  const presenceWaitMs = options.presenceWaitMs ?? PRESENCE_WAIT_MS;
  const calls = new SignallingHub({
    eventBus: deps.eventBus,
    clock: deps.clock,
    log: deps.log,
    iceServers: (sessionId, role) => provider.iceServers(sessionId, role),
    presenceWaitMs,
  });
  const rooms = new RoomSignallingHub({
    eventBus: deps.eventBus,
    clock: deps.clock,
    log: deps.log,
    // The TURN id is a keyed hash of session and side; a room's participants share the publisher side.
    iceServers: (claims) => provider.iceServers(claims.sid, 'callee'),
    presenceWaitMs,
  });
  const relayed = { relayed: () => deps.metrics.signallingFramesRelayed.inc() };
  const gateOptions: SignallingGateOptions = {
    verify: (token) => provider.verifyToken(token),
    joinTimeoutMs: options.joinTimeoutMs,
    admit: (socket, claims) =>
      isRoomClaims(claims)
        ? new RoomSignallingConnection(socket, rooms, claims, relayed)
        : new SignallingConnection(socket, calls, { sessionId: claims.sid, role: claims.role }, relayed),
  };
  options.websockets.serve(
    '/signalling',
    deps.metrics.signallingSockets,
    (socket) => new SignallingGate(socket, gateOptions),
    SIGNALLING_SOCKET_DOC,
  );
  return { calls, rooms };
}
