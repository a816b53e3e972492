/**
 * `GET /events`: the user events websocket of the callee's web app (docs/realtime.md). The ticket route
 * that admits to it, `POST /events/ticket`, is in routes/user-events.ts.
 */
import { USER_EVENTS_SOCKET_DOC } from '../websocket-docs.ts';
import type { LoopDeps } from '../../deps.ts';
import { UserEventsConnection, type UserEventsDeps } from './user-events-connection.ts';
import type { WebsocketServer } from '../websocket-server.ts';

export interface UserEventsRouteOptions {
  deps: UserEventsDeps & Pick<LoopDeps, 'metrics'>;
  websockets: WebsocketServer;
  /** LOOP_WS_HELLO_TIMEOUT_SECONDS, in ms: the time a socket has for its `hello`. */
  helloTimeoutMs: number;
}

export function registerUserEventsRoute(options: UserEventsRouteOptions): void {
  const { deps } = options;
  options.websockets.serve(
    '/events',
    deps.metrics.userEventSockets,
    (socket) => new UserEventsConnection(socket, deps, options.helloTimeoutMs),
    USER_EVENTS_SOCKET_DOC,
  );
}
