/**
 * The one @fastify/websocket registration every websocket route shares (progress, signalling, events):
 * one frame limit, and one shutdown that lets each route leave its sockets its own way before the rest
 * are cut.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';

export interface WebsocketServer {
  /** Runs on server close, before sockets still open are terminated. */
  onShutdown(handler: () => Promise<void>): void;
}

const SHUTDOWN_GRACE_MS = 500;

export async function registerWebsocketServer(app: FastifyInstance, options: { maxFrameBytes: number }): Promise<WebsocketServer> {
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
  return { onShutdown: (handler) => handlers.push(handler) };
}
