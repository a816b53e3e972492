/**
 * `GET /websocket` (the path of `progressURL`): the progress websocket of spec §6.6. Limits the sockets
 * per call and how long a socket may stay without a hello (the frame size is the shared websocket
 * server's), and on shutdown leaves calls without abandoning them, so their stored deadlines (not this
 * process) decide how they end.
 */
import { PROGRESS_SOCKET_DOC } from '../websocket-docs.ts';
import type { CallProgressDeps } from '../../calls/call-progress.ts';
import { ProgressConnection, type ConnectionLimits } from './progress-connection.ts';
import type { WebsocketServer } from '../websocket-server.ts';

export interface ProgressRouteOptions {
  deps: CallProgressDeps;
  websockets: WebsocketServer;
  maxSocketsPerCall: number;
  /** LOOP_WS_HELLO_TIMEOUT_SECONDS, in ms. */
  helloTimeoutMs: number;
}

function socketLimits(max: number, helloTimeoutMs: number): ConnectionLimits {
  const byCall = new Map<string, Set<ProgressConnection>>();
  return {
    helloTimeoutMs,
    admit(callId, connection) {
      const sockets = byCall.get(callId) ?? new Set();
      if (sockets.size >= max) return false;
      sockets.add(connection);
      byCall.set(callId, sockets);
      return true;
    },
    release(callId, connection) {
      const sockets = byCall.get(callId);
      if (sockets?.delete(connection) && sockets.size === 0) byCall.delete(callId);
    },
  };
}

export function registerProgressRoute(options: ProgressRouteOptions): void {
  const { deps } = options;
  const limits = socketLimits(options.maxSocketsPerCall, options.helloTimeoutMs);
  options.websockets.serve(
    '/websocket',
    deps.metrics.progressSockets,
    (socket) => new ProgressConnection(socket, deps, limits),
    PROGRESS_SOCKET_DOC,
  );
}
