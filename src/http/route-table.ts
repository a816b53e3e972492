/**
 * Every route the app serves, with its auth mode, collected as routes are added: what the authorization matrix
 * and the fuzzer (test/security/) enumerate, so that a new route cannot be left out of them.
 */
import type { FastifyInstance } from 'fastify';
import type { AuthMode } from './request-context.ts';

export interface RouteEntry {
  method: string;
  url: string;
  auth: AuthMode;
  websocket: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
}

/** To be called before any route is added. HEAD routes Fastify derives from GETs are left out. */
export function collectRouteTable(app: FastifyInstance): void {
  const table: RouteEntry[] = [];
  app.decorate('routeTable', table);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      table.push({
        method,
        url: route.url,
        auth: route.config?.auth ?? 'none',
        websocket: Boolean(route.wsHandler ?? route.websocket),
      });
    }
  });
}
