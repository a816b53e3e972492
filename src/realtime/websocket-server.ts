/**
 * The one @fastify/websocket registration every websocket route shares (progress, signalling, events):
 * one frame limit, each route's open sockets counted in its gauge, and one shutdown that lets each
 * route's connections leave their own way before the rest are cut.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifySchema } from 'fastify';
import type { WebSocket } from 'ws';

/** What the server keeps of one socket's connection object: how to leave on shutdown. */
export interface ServedConnection {
  shutdown(): Promise<void>;
}

export interface WebsocketServer {
  /**
   * Serves websockets at `path`: `connect` turns each into its connection; `gauge` counts them while open;
   * on server close each open connection's `shutdown` runs before sockets still open are terminated.
   */
  serve(
    path: string,
    gauge: { inc(): void; dec(): void },
    connect: (socket: WebSocket) => ServedConnection,
    /** The route's description for /openapi.json (websocket-docs.ts). */
    schema: FastifySchema,
  ): void;
}

const SHUTDOWN_GRACE_MS = 500;

export async function registerWebsocketServer(
  app: FastifyInstance,
  options: { maxFrameBytes: number },
): Promise<WebsocketServer> {
  const handlers: Array<() => Promise<void>> = [];
  await app.register(websocket, {
    options: { maxPayload: options.maxFrameBytes },
    // A frame over maxPayload, or a broken connection: ws has already failed the socket; just log it.
    errorHandler: (error, socket, request) => {
      request.log.debug({ err: error }, 'websocket error');
      socket.terminate();
    },
    preClose: async function (this: FastifyInstance) {
      await Promise.allSettled(handlers.map((handler) => handler()));
      const server = this.websocketServer;
      // Give clients a moment to answer the close frame, then cut whoever did not.
      for (let waited = 0; server.clients.size > 0 && waited < SHUTDOWN_GRACE_MS; waited += 10) await sleep(10);
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
  return {
    serve(path, gauge, connect, schema) {
      const open = new Set<ServedConnection>();
      handlers.push(async () => {
        await Promise.allSettled([...open].map((connection) => connection.shutdown()));
      });
      app.get(path, { websocket: true, schema }, (socket) => {
        const connection = connect(socket);
        open.add(connection);
        gauge.inc();
        socket.on('close', () => {
          open.delete(connection);
          gauge.dec();
        });
      });
    },
  };
}
