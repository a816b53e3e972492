/**
 * The Loop HTTP API from the browser: JSON in and out, Hawk-signed when a session is given, every
 * failure turned into a `LoopApiError` carrying the server's errno (or none for a network failure).
 * Same origin only: the pages are served by the Loop server they talk to.
 */
import { deriveHawkCredentials, hawkHeader, newNonce, type HawkCredentials } from './hawk.ts';

export class LoopApiError extends Error {
  constructor(
    /** HTTP status, or 0 when the server could not be reached. */
    readonly status: number,
    /** The Loop errno of the error body, when there was one. */
    readonly errno: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'LoopApiError';
  }
}

export interface ApiSession {
  token: string;
  credentials: HawkCredentials;
}

export async function apiSession(token: string): Promise<ApiSession> {
  return { token, credentials: await deriveHawkCredentials(token) };
}

export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  session?: ApiSession;
  /** Another credential instead of Hawk: a room participant's `Basic` token (spec §3.6). */
  basicToken?: string;
  /** Sent even while the page unloads (a room's `leave` on pagehide). */
  keepalive?: boolean;
}

/** `Authorization: Basic base64(<token>:)`, how a room's anonymous participant shows its sessionToken. */
export const basicAuthorization = (token: string): string => `Basic ${btoa(`${token}:`)}`;

export interface ApiResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

export class LoopApi {
  /** Server time minus ours, seconds: learnt from `Timestamp` so that Hawk survives a wrong local clock. */
  private clockOffsetSec = 0;

  constructor(private readonly origin: string = location.origin) {}

  async request<T>(request: ApiRequest): Promise<ApiResponse<T>> {
    let response = await this.send(request);
    if (response.status === 401 && request.session && this.learnClock(response)) response = await this.send(request);
    else this.learnClock(response);
    const text = await response.text();
    let body: unknown;
    try {
      body = text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : undefined;
    } catch {
      // A proxy's error page or a cut answer: the status alone says what happened.
      body = undefined;
    }
    if (!response.ok) {
      const error = (body ?? {}) as { errno?: unknown; message?: unknown };
      throw new LoopApiError(
        response.status,
        typeof error.errno === 'number' ? error.errno : null,
        typeof error.message === 'string' ? error.message : response.statusText,
      );
    }
    return { status: response.status, headers: response.headers, body: body as T };
  }

  private async send({ method, path, body, session, basicToken, keepalive }: ApiRequest): Promise<Response> {
    const url = `${this.origin}${path}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    const text = body === undefined ? undefined : JSON.stringify(body);
    if (text !== undefined) headers['content-type'] = 'application/json';
    if (basicToken !== undefined) headers.authorization = basicAuthorization(basicToken);
    else if (session) {
      headers.authorization = await hawkHeader(session.credentials, {
        method,
        url,
        nowSec: Math.floor(Date.now() / 1000) + this.clockOffsetSec,
        nonce: newNonce(),
        ...(text !== undefined ? { payload: { contentType: 'application/json', body: text } } : {}),
      });
    }
    try {
      return await fetch(url, { method, headers, body: text, credentials: 'omit', cache: 'no-store', keepalive });
    } catch {
      throw new LoopApiError(0, null, 'network error');
    }
  }

  /** True when the server's clock differs enough from ours to explain a refused Hawk timestamp. */
  private learnClock(response: Response): boolean {
    const serverSec = Number(response.headers.get('timestamp'));
    if (!Number.isFinite(serverSec) || serverSec <= 0) return false;
    const offset = serverSec - Math.floor(Date.now() / 1000);
    const changed = Math.abs(offset - this.clockOffsetSec) > 30;
    if (changed) this.clockOffsetSec = offset;
    return changed;
  }
}
