/**
 * What the web app's two JSON websockets (signalling `GET /signalling`, user events `GET /events`) share:
 * every frame is a JSON object with a `type`; the first frame must admit the socket (a `join` token, a
 * `hello` ticket) within LOOP_WS_HELLO_TIMEOUT_SECONDS; the same close codes say why a socket ended.
 * Shared by the server and the browser app: pure functions only, no Node-only import (esbuild bundles it).
 */

/** The close codes both sockets use; each protocol adds its own (signalling-messages.ts, user-event-messages.ts). */
export const FIRST_FRAME_CLOSE_CODES = {
  /** The server is shutting down: connect again (any instance). */
  shutdown: 1001,
  /** A frame that is not JSON, or anything but a valid first frame. */
  badMessage: 4400,
  /** No first frame within LOOP_WS_HELLO_TIMEOUT_SECONDS (default 10 s). */
  timeout: 4408,
  /** The server could not reach the event bus. */
  unavailable: 4503,
} as const;

/** The server's reading of a client frame. `notJson`: not JSON at all (the server closes the socket). */
export type ParsedFrame<M> = { ok: true; message: M } | { ok: false; notJson: boolean };

/** A frame that is JSON but not a message of the protocol. */
export const NOT_A_MESSAGE = { ok: false, notJson: false } as const;

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The frame as a JSON object, or why it is not one. */
export function parseJsonObject(
  raw: string,
): { ok: true; value: Record<string, unknown> } | { ok: false; notJson: boolean } {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, notJson: true };
  }
  return isObject(value) ? { ok: true, value } : NOT_A_MESSAGE;
}

/** Whether `value` is one of a protocol's listed words (error reasons). */
export const isOneOf = <T>(list: readonly T[], value: unknown): value is T =>
  (list as readonly unknown[]).includes(value);
