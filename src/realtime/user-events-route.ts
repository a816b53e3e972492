/**
 * `GET /events`: the user events websocket of the callee's web app (docs/realtime.md). The ticket route
 * that admits to it, `POST /events/ticket`, is in routes/user-events.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { LoopDeps } from '../deps.ts';
import { UserEventsConnection, type UserEventsDeps } from './user-events-connection.ts';
import type { WebsocketServer } from './websocket-server.ts';

export interface UserEventsRouteOptions {
  deps: UserEventsDeps & Pick<LoopDeps, 'metrics'>;
  websockets: WebsocketServer;
  /** LOOP_WS_HELLO_TIMEOUT_SECONDS, in ms: the time a socket has for its `hello`. */
  helloTimeoutMs: number;
}

export async function registerUserEventsRoute(app: FastifyInstance, options: UserEventsRouteOptions): Promise<void> {
  const { deps } = options;
  const open = new Set<UserEventsConnection>();
  options.websockets.onShutdown(async () => {
    await Promise.allSettled([...open].map((connection) => connection.shutdown()));
  });
  app.get('/events', { websocket: true }, (socket) => {
    const connection = new UserEventsConnection(socket, deps, options.helloTimeoutMs);
    open.add(connection);
    deps.metrics.userEventSockets.inc();
    socket.on('close', () => {
      open.delete(connection);
      deps.metrics.userEventSockets.dec();
    });
  });
}
