/**
 * The headers every page of the web app is sent with: a strict Content-Security-Policy (scripts, styles
 * and connections only from Loop itself, no inline code), no Referer (a call link is a capability: it
 * must not leak to anyone), no framing.
 */
import type { FastifyReply } from 'fastify';
import { janusInstancesOf } from '../config/janus-instances.ts';
import type { Config } from '../config/schema.ts';
import { websocketOrigin } from '../http/public-urls.ts';

const OPENTOK_ORIGINS = ['https://*.opentok.com', 'https://*.tokbox.com', 'wss://*.tokbox.com', 'wss://*.opentok.com'];

type MediaConfig = Pick<
  Config,
  'provider' | 'sfuProvider' | 'janusUrl' | 'janusAdminUrl' | 'janusPublicUrl' | 'janusInstances' | 'livekitUrl'
>;

/**
 * The origins the room page's media clients connect to, from the configured providers only: each Janus's HTTP
 * API as browsers reach it, LiveKit's signalling websocket (and its HTTPS form, which `livekit-client` uses to
 * explain a refused connection). Nothing for the built-in provider (Loop itself). OpenTok's SDK reaches
 * Vonage's own hosts (configuration, its API "Anvil", logging, media routers), which it chooses at run time:
 * only for an OpenTok server, those domains.
 */
export function mediaConnectOrigins(config: MediaConfig): string[] {
  const used = new Set([config.provider, config.sfuProvider]);
  const origins: string[] = [];
  const originOf = (url: string) => {
    try {
      return new URL(url).origin;
    } catch {
      return null;
    }
  };
  if (used.has('janus')) {
    for (const janus of Object.values(janusInstancesOf(config))) {
      const origin = originOf(janus.publicUrl || janus.url);
      if (origin && !origins.includes(origin)) origins.push(origin);
    }
  }
  if (used.has('opentok')) origins.push(...OPENTOK_ORIGINS);
  if (used.has('livekit')) {
    const livekit = originOf(config.livekitUrl.replace(/^http/, 'ws'));
    if (livekit) origins.push(livekit, livekit.replace(/^ws/, 'http'));
  }
  return origins;
}

export interface PolicyOptions {
  /**
   * `style-src 'unsafe-inline'`: only for the API reference (`/docs`), whose bundled renderer inserts its
   * styles at run time. Scripts stay 'self' only, so injected markup still cannot run code.
   */
  inlineStyles?: boolean;
  /** Origins the page's media clients connect to besides Loop (`mediaConnectOrigins`). */
  connectOrigins?: readonly string[];
}

export function contentSecurityPolicy(publicUrl: string, options: PolicyOptions = {}): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    options.inlineStyles ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
    // The QR code is drawn on a canvas; data:/blob: only for images the page makes itself.
    "img-src 'self' data: blob:",
    // Local and remote video are MediaStreams (srcObject), which CSP does not govern; blob: for safety.
    "media-src 'self' blob:",
    ["connect-src 'self'", websocketOrigin({ publicUrl }), ...(options.connectOrigins ?? [])].join(' '),
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Applies the page headers; `cache-control: no-store` because a page states facts that change (link validity). */
export function sendPage(
  reply: FastifyReply,
  publicUrl: string,
  status: number,
  html: string,
  policy: PolicyOptions = {},
): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', contentSecurityPolicy(publicUrl, policy))
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('cache-control', 'no-store')
    .send(html);
}
