/**
 * `GET /events`: the user events websocket of the callee's web app (docs/realtime.md). The ticket route
 * that admits to it, `POST /events/ticket`, is in routes/user-events.ts.
 */
import type { FastifyInstance } from 'fastify';
import { UserEventsConnection, type UserEventsDeps } from './user-events-connection.ts';
import { USER_EVENTS_HELLO_TIMEOUT_MS } from './user-event-messages.ts';
import type { WebsocketServer } from './websocket-server.ts';

export async function registerUserEventsRoute(app: FastifyInstance, options: { deps: UserEventsDeps; websockets: WebsocketServer }): Promise<void> {
  const open = new Set<UserEventsConnection>();
  options.websockets.onShutdown(async () => {
    await Promise.allSettled([...open].map((connection) => connection.shutdown()));
  });
  app.get('/events', { websocket: true }, (socket) => {
    const connection = new UserEventsConnection(socket, options.deps, USER_EVENTS_HELLO_TIMEOUT_MS);
    open.add(connection);
    socket.on('close', () => open.delete(connection));
  });
}
