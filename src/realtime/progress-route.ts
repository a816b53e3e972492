/**
 * `GET /websocket` (the path of `progressURL`): the progress websocket of spec §6.6. Limits the frame
 * size, the sockets per call and how long a socket may stay without a hello, and on shutdown leaves calls
 * without abandoning them, so their stored deadlines (not this process) decide how they end.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { CallProgressDeps } from '../calls/call-progress.ts';
import { ProgressConnection, type ConnectionLimits } from './progress-connection.ts';

export interface ProgressRouteOptions {
  deps: CallProgressDeps;
  maxFrameBytes: number;
  maxSocketsPerCall: number;
  /** LOOP_WS_HELLO_TIMEOUT_SECONDS, in ms. */
  helloTimeoutMs: number;
}

const SHUTDOWN_GRACE_MS = 500;

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

export async function registerProgressRoute(app: FastifyInstance, options: ProgressRouteOptions): Promise<void> {
  const { deps } = options;
  const limits = socketLimits(options.maxSocketsPerCall, options.helloTimeoutMs);
  const open = new Set<ProgressConnection>();

  await app.register(websocket, {
    options: { maxPayload: options.maxFrameBytes },
    // A frame over maxPayload, or a broken connection: ws has already failed the socket; just log it.
    errorHandler: (error, socket, request) => {
      request.log.debug({ err: error }, 'progress websocket error');
      socket.terminate();
    },
    preClose: async function (this: FastifyInstance) {
      await Promise.allSettled([...open].map((connection) => connection.shutdown()));
      const server = this.websocketServer;
      // Give clients a moment to answer the close frame, then cut whoever did not.
      for (let waited = 0; server.clients.size > 0 && waited < SHUTDOWN_GRACE_MS; waited += 10) await sleep(10);
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });

  app.get('/websocket', { websocket: true }, (socket) => {
    const connection = new ProgressConnection(socket, deps, limits);
    open.add(connection);
    deps.metrics.progressSockets.inc();
    socket.on('close', () => {
      open.delete(connection);
      deps.metrics.progressSockets.dec();
    });
  });
}
