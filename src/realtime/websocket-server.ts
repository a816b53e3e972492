/**
 * The one @fastify/websocket registration every websocket route shares (progress, signalling, events):
 * one frame limit, each route's open sockets counted in its gauge, and one shutdown that lets each
 * route's connections leave their own way before the rest are cut.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifySchema } from 'fastify';
import type { WebSocket } from 'ws';
import { LoopError } from '../errors/loop-error.ts';

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

/**
 * Closes a socket silent for `idleMs` once its first frame has come (before it, each route's hello timeout
 * rules). The server pings every third of `idleMs`; a live client's pong counts as activity, so a call whose
 * sockets carry nothing for minutes stays up, while a peer gone without a FIN, or one that stops reading and
 * answering, is let go.
 */
function closeWhenIdle(socket: WebSocket, idleMs: number): void {
  let lastHeard = Date.now();
  let watch: NodeJS.Timeout | undefined;
  const heard = () => {
    lastHeard = Date.now();
  };
  socket.on('pong', heard);
  socket.on('message', () => {
    heard();
    if (watch) return;
    watch = setInterval(
      () => {
        if (Date.now() - lastHeard < idleMs) {
          socket.ping();
          return;
        }
        clearInterval(watch);
        socket.close(1001, 'idle');
        // A peer that does not answer the close frame is cut.
        setTimeout(() => socket.terminate(), SHUTDOWN_GRACE_MS).unref();
      },
      Math.max(50, idleMs / 3),
    );
    watch.unref();
  });
  socket.on('close', () => clearInterval(watch));
}

export async function registerWebsocketServer(
  app: FastifyInstance,
  options: { maxFrameBytes: number; idleTimeoutMs: number },
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
      app.route({
        method: 'GET',
        url: path,
        schema,
        // A plain GET (no Upgrade): a JSON 426 saying what the path is for, not @fastify/websocket's empty 404.
        handler: async () => {
          throw LoopError.upgradeRequired();
        },
        wsHandler: (socket) => {
          closeWhenIdle(socket, options.idleTimeoutMs);
          const connection = connect(socket);
          open.add(connection);
          gauge.inc();
          socket.on('close', () => {
            open.delete(connection);
            gauge.dec();
          });
        },
      });
    },
  };
}
