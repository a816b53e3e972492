/**
 * The test suite's Loop client, built on the SDK (`@loop/client`, packages/client): requests go through
 * the SDK's `raw()` escape hatch, so sessions, Hawk signing and response parsing are the SDK's, and a test
 * can still send anything (malformed bodies, odd headers, a chosen Hawk timestamp) and read any answer.
 *
 * `credentials` and `hawkHeader()` are the independent path kept for the tests of Hawk itself
 * (test/api/hawk-auth.test.ts, the fuzzers): the server's own HKDF and the reference `hawk` package, so
 * the server is still checked against an implementation that is not ours.
 */
import { createSession, LoopClient as SdkClient, sessionFromResponse, type LoopSession } from '@loop/client';
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
  /** The SDK client every request goes through (typed operations: `client.sdk.GET(...)`). */
  readonly sdk: SdkClient;
  private token: string | null = null;
  private session: Promise<LoopSession> | null = null;
  private typed: SdkClient | null = null;

  constructor(readonly baseUrl: string) {
    this.sdk = new SdkClient({ baseUrl });
  }

  /** The session's token; setting it (a test sharing or forging a session) makes the SDK sign with it. */
  get sessionToken(): string | null {
    return this.token;
  }

  set sessionToken(token: string | null) {
    this.token = token;
    this.session = token ? createSession(token) : null;
  }

  /** The reference path's credentials (the server's HKDF), for the reference `hawk` package. */
  get credentials() {
    if (!this.token) throw new Error('no session yet');
    const { id, key } = deriveHawkCredentials(this.token);
    return { id, key, algorithm: 'sha256' as const };
  }

  /** An `Authorization` header from the reference `hawk` package (not the SDK): for the tests of Hawk itself. */
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

  /**
   * The SDK's typed operations (`(await client.api()).POST('/call-url', {body})`), signed with this client's
   * session when it has one. A client of its own, so that `request()`'s per-call settings never touch it.
   */
  async api(): Promise<SdkClient> {
    const session = this.session ? await this.session : null;
    if (!this.typed || this.typed.session !== session) this.typed = new SdkClient({ baseUrl: this.baseUrl, session });
    return this.typed;
  }

  /** Any request through the SDK, answered whatever its status; Hawk-signed by the SDK unless told not to. */
  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<LoopResponse<T>> {
    const hawk = options.hawk ?? this.token !== null;
    if (hawk && !this.session) throw new Error('no session yet');
    // Set and read synchronously by raw(): concurrent requests of one client cannot mix their settings.
    this.sdk.useSession(hawk && this.session ? await this.session : null);
    return this.sdk.raw<T>(method, path, {
      body: options.body,
      headers: options.headers,
      auth: hawk,
      payloadHash: options.payloadHash ?? false,
      timestampSec: options.timestampSec,
      redirect: 'manual',
    });
  }

  /** POST /registration without credentials: mints and keeps an anonymous session (the SDK's). */
  async register(body?: unknown): Promise<LoopResponse> {
    const response = await this.request('POST', '/registration', { body, hawk: false });
    const session = await sessionFromResponse(response);
    if (session) {
      this.token = session.token;
      this.session = Promise.resolve(session);
    }
    return response;
  }
}
