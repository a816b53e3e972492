/**
 * `GET /signalling` (the path of `signallingURL`): the built-in provider's signalling relay. Registered
 * only when LOOP_PROVIDER=builtin; the tokens it admits are that provider's participant tokens.
 */
import type { LoopDeps } from '../../deps.ts';
import type { BuiltinProvider } from '../../providers/builtin/builtin-provider.ts';
import { SignallingConnection } from './signalling-connection.ts';
import { SignallingHub } from './signalling-hub.ts';
import type { WebsocketServer } from '../websocket-server.ts';

export interface SignallingRouteOptions {
  deps: Pick<LoopDeps, 'eventBus' | 'clock' | 'log' | 'metrics'>;
  provider: BuiltinProvider;
  websockets: WebsocketServer;
  /** LOOP_WS_HELLO_TIMEOUT_SECONDS, in ms: the time a socket has for its `join`. */
  joinTimeoutMs: number;
  /** Shared bus only: how long a newcomer waits for the other peer's `present` answer. */
  presenceWaitMs?: number;
}

/** Long enough for a Redis round trip through two instances under load, short enough not to be felt. */
const PRESENCE_WAIT_MS = 250;

export function registerSignallingRoute(options: SignallingRouteOptions): SignallingHub {
  const { deps, provider } = options;
  const hub = new SignallingHub({
    eventBus: deps.eventBus,
    clock: deps.clock,
    log: deps.log,
    iceServers: (sessionId, role) => provider.iceServers(sessionId, role),
    presenceWaitMs: options.presenceWaitMs ?? PRESENCE_WAIT_MS,
  });
  const connectionOptions = {
    verify(token: string) {
      const claims = provider.verifyToken(token);
      return claims ? { sessionId: claims.sid, role: claims.role } : null;
    },
    joinTimeoutMs: options.joinTimeoutMs,
    relayed: () => deps.metrics.signallingFramesRelayed.inc(),
  };
  options.websockets.serve(
    '/signalling',
    deps.metrics.signallingSockets,
    (socket) => new SignallingConnection(socket, hub, connectionOptions),
  );
  return hub;
}
