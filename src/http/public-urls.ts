/**
 * Every URL Loop hands out, built from LOOP_PUBLIC_URL in one place: links, websockets, and the origin
 * a page's CSP must allow. Presenters and the composition root call these; the domain never does.
 */
import type { Config } from '../config/schema.ts';

export function callLinkUrl(config: Pick<Config, 'publicUrl'>, token: string): string {
  return `${config.publicUrl}/c/${token}`;
}

/** A room's link: `LOOP_ROOM_URL_TEMPLATE` (default `{publicUrl}/r/{token}`) filled in. */
export function roomUrl(config: Pick<Config, 'publicUrl' | 'roomUrlTemplate'>, token: string): string {
  return config.roomUrlTemplate.replace(/^\{publicUrl\}/, config.publicUrl).replaceAll('{token}', token);
}

/** `ws(s)://<public host><path>`: the websocket at `path` under the public URL. */
function websocketUrl(config: Pick<Config, 'publicUrl'>, path: string): string {
  const url = new URL(config.publicUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/$/, '')}${path}`;
  return url.toString();
}

/** `ws(s)://<public host>/websocket`: where both sides follow a call's progress. */
export function progressUrl(config: Pick<Config, 'publicUrl'>): string {
  return websocketUrl(config, '/websocket');
}

/** `ws(s)://<public host>/signalling`: where the built-in provider's two peers exchange offer, answer and candidates. */
export function signallingUrl(config: Pick<Config, 'publicUrl'>): string {
  return websocketUrl(config, '/signalling');
}

/** `ws(s)://<public host>`: the origin of every websocket above (what a page's CSP must let it connect to). */
export function websocketOrigin(config: Pick<Config, 'publicUrl'>): string {
  return new URL(progressUrl(config)).origin;
}
