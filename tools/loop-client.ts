/**
 * A Loop API client for tests, signing with the reference `hawk` package (not our own implementation),
 * so every Hawk-authenticated test is also a check of the server against an independent client.
 */
import { Hawk } from './hawk-reference.ts';
import { deriveHawkCredentials } from '../src/auth/session-token.ts';

export interface LoopResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  body?: unknown;
  /** Sign with this client's session (default: when it has one). */
  hawk?: boolean;
  headers?: Record<string, string>;
  /** Include a Hawk payload hash. */
  payloadHash?: boolean;
  /** Hawk timestamp override, seconds. */
  timestampSec?: number;
}

export class LoopClient {
  sessionToken: string | null = null;

  constructor(readonly baseUrl: string) {}

  get credentials() {
    if (!this.sessionToken) throw new Error('no session yet');
    const { id, key } = deriveHawkCredentials(this.sessionToken);
    return { id, key, algorithm: 'sha256' as const };
  }

  hawkHeader(
    method: string,
    path: string,
    options: { body?: string; contentType?: string; timestampSec?: number } = {},
  ): string {
    const { header } = Hawk.client.header(`${this.baseUrl}${path}`, method, {
      credentials: this.credentials,
      ...(options.timestampSec !== undefined ? { timestamp: options.timestampSec } : {}),
      ...(options.body !== undefined
        ? { payload: options.body, contentType: options.contentType ?? 'application/json' }
        : {}),
    });
    return header;
  }

  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<LoopResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    const body =
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body);
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    if ((options.hawk ?? this.sessionToken !== null) && !headers.authorization) {
      headers.authorization = this.hawkHeader(method, path, {
        ...(options.payloadHash && body !== undefined ? { body, contentType: headers['content-type'] } : {}),
        timestampSec: options.timestampSec,
      });
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body, redirect: 'manual' });
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  /** POST /registration without credentials: mints and keeps an anonymous session. */
  async register(body?: unknown): Promise<LoopResponse> {
    const response = await this.request('POST', '/registration', { body, hawk: false });
    const token = response.headers.get('hawk-session-token');
    if (token) this.sessionToken = token;
    return response;
  }
}
