/**
 * Janus's HTTP API and admin API as Loop uses them: one JSON request, one JSON answer. Only synchronous
 * requests are sent (session and handle management, VideoRoom's room management, admin token calls), so
 * no long poll is needed. Secrets travel in request bodies and never appear in an error message.
 */
import { randomBase64Url } from '../../crypto/random.ts';

/** Janus answered with an error: `code` is Janus's (403 unauthorized, 458 no session…) or the plugin's. */
export class JanusError extends Error {
  constructor(
    readonly operation: string,
    readonly code: number,
    reason: string,
  ) {
    super(code === 0 ? `Janus ${operation}: ${reason}` : `Janus ${operation}: ${code} ${reason}`);
    this.name = 'JanusError';
  }
}

export interface JanusReply {
  janus: string;
  data?: { id?: number } & Record<string, unknown>;
  error?: { code?: number; reason?: string };
  plugindata?: { plugin?: string; data?: Record<string, unknown> };
  [key: string]: unknown;
}

/** POSTs `body` (with a fresh transaction id) to `url` and returns Janus's answer, or throws. */
export async function janusPost(
  url: string,
  operation: string,
  body: Record<string, unknown>,
  timeoutMs: number,
): Promise<JanusReply> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, transaction: randomBase64Url(9) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new JanusError(operation, 0, unreachable(error));
  }
  if (!response.ok) throw new JanusError(operation, response.status, 'HTTP error');
  const reply = (await response.json()) as JanusReply;
  if (reply.janus === 'error') {
    throw new JanusError(operation, reply.error?.code ?? 0, reply.error?.reason ?? 'unknown error');
  }
  return reply;
}

/** Janus's own id of a session or handle, from a `success` answer. */
export function replyId(reply: JanusReply, operation: string): number {
  const id = reply.data?.id;
  if (typeof id !== 'number') throw new JanusError(operation, 0, 'answer without an id');
  return id;
}

/** Why a request got no answer, in a few words (fetch's own message is only "fetch failed"). */
function unreachable(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer in time';
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return `unreachable (${typeof cause?.code === 'string' ? cause.code : error instanceof Error ? error.message : 'error'})`;
}
