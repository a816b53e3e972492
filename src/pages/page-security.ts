/**
 * The headers every page of the web app is sent with: a strict Content-Security-Policy (scripts, styles
 * and connections only from Loop itself, no inline code), no Referer (a call link is a capability: it
 * must not leak to anyone), no framing.
 */
import type { FastifyReply } from 'fastify';
import { websocketOrigin } from '../http/public-urls.ts';

export interface PolicyOptions {
  /**
   * `style-src 'unsafe-inline'`: only for the API reference (`/docs`), whose bundled renderer inserts its
   * styles at run time. Scripts stay 'self' only, so injected markup still cannot run code.
   */
  inlineStyles?: boolean;
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
    `connect-src 'self' ${websocketOrigin({ publicUrl })}`,
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
