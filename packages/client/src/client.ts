/**
 * `LoopClient`: every operation of the OpenAPI document, typed from it (schema.d.ts, generated), sent with
 * the client's credential, answering the success body or throwing a `LoopError`. `client.api` is the plain
 * openapi-fetch client (answers `{data, error, response}` and never throws on HTTP errors), and `raw()` is
 * the untyped escape hatch for requests the document does not describe (malformed ones, in tests).
 */
import createClient, { type Client, type FetchResponse, type MaybeOptionalInit } from 'openapi-fetch';
import type { HttpMethod, MediaType, PathsWithMethod, RequiredKeysOf } from 'openapi-typescript-helpers';
import { ServerClock } from './clock.ts';
import { LoopError } from './errors.ts';
import type { paths } from './schema.d.ts';
import { createSession, sessionFromResponse, type LoopSession } from './session.ts';
import { outgoingFrom, Transport, type LoopAuth, type SignOptions } from './transport.ts';
import { ProgressSocket, UserEventsSocket, type OpenSocketOptions } from './sockets.ts';

export type { paths } from './schema.d.ts';

type RegistrationBody = NonNullable<paths['/registration']['post']['requestBody']>['content']['application/json'];

export interface LoopClientOptions {
  /** The server's origin (and path prefix if any), e.g. `https://loop.example`; no trailing slash needed. */
  baseUrl: string;
  /** Sign with this session (Hawk). */
  session?: LoopSession | null;
  /** Or show this room participant token (Basic). */
  basicToken?: string;
  /** Another fetch (default: the global one). */
  fetch?: typeof fetch;
  /** Options for every request, e.g. `{ credentials: 'omit', cache: 'no-store' }` in a browser. */
  requestInit?: Omit<RequestInit, 'method' | 'headers' | 'body'>;
}

// openapi-fetch's argument rule (its InitParam, not exported): the init object is optional when nothing in it is required.
type InitParam<Init> =
  RequiredKeysOf<Init> extends never ? [(Init & { [key: string]: unknown })?] : [Init & { [key: string]: unknown }];

/** `paths` as a type alias: an interface has no implicit index signature, which openapi-fetch's helpers need. */
type Operations = { [P in keyof paths]: paths[P] };

/** The success branch of an openapi-fetch answer: what a typed operation resolves with. */
export type Success<R> = R extends { error?: never } ? R : never;
export interface Answer<Data> {
  data: Data;
  response: Response;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- openapi-fetch's own bound for a paths type
export type OperationMethod<Paths extends Record<string, any>, M extends HttpMethod> = <
  P extends PathsWithMethod<Paths, M>,
  I extends MaybeOptionalInit<Paths[P], M>,
>(
  path: P,
  ...init: InitParam<I>
) => Promise<Answer<NonNullable<Success<FetchResponse<NonNullable<Paths[P][M]>, I, MediaType>>['data']>>>;

/** The answer of `raw()`: never thrown, whatever the status. `body` is parsed JSON when the answer was JSON. */
export interface RawResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RawOptions extends SignOptions {
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Add the client's credential (default: when it has one). `false` sends the request unauthenticated. */
  auth?: boolean;
  redirect?: RequestRedirect;
}

export class LoopClient {
  readonly baseUrl: string;
  /** The openapi-fetch client: typed, `{data, error, response}`, no throw on an HTTP error. */
  readonly api: Client<paths>;
  private readonly transport: Transport;
  private readonly requestInit: LoopClientOptions['requestInit'];
  private auth: LoopAuth;

  constructor(options: LoopClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.transport = new Transport(new ServerClock(), options.fetch ?? ((input, init) => fetch(input, init)));
    this.requestInit = options.requestInit;
    this.auth = options.session ? { hawk: options.session } : options.basicToken ? { basic: options.basicToken } : null;
    this.api = createClient<paths>({
      baseUrl: this.baseUrl,
      ...this.requestInit,
      // Some paths answer HTML to a browser's navigation (`GET /calls/{token}`): the operations want JSON.
      headers: { accept: 'application/json' },
      fetch: async (request) => this.transport.send(await outgoingFrom(request), this.auth),
    });
  }

  /** The session this client signs with, if any. */
  get session(): LoopSession | null {
    return this.auth !== null && 'hawk' in this.auth ? this.auth.hawk : null;
  }

  /** Sign with `session` from now on (null: send unauthenticated). */
  useSession(session: LoopSession | null): this {
    this.auth = session ? { hawk: session } : null;
    return this;
  }

  /** Show a room participant's `sessionToken` with Basic auth from now on (spec §3.6). */
  useBasicToken(token: string): this {
    this.auth = { basic: token };
    return this;
  }

  /** The server's clock offset learnt from `Timestamp` headers, seconds (0 until a skew was seen). */
  get clockOffsetSec(): number {
    return this.transport.clock.offset;
  }

  /**
   * `POST /registration` without credentials: the server mints an anonymous session, which this client
   * then signs with. `body` may register push URLs at once (spec §4.1).
   */
  async register(body?: RegistrationBody): Promise<LoopSession> {
    const { response } = await this.call('post', '/registration', { body: body ?? {} }, null);
    const session = await sessionFromResponse(response);
    if (!session) throw new LoopError(response.status, null, 'no session', 'the server minted no session');
    this.auth = { hawk: session };
    return session;
  }

  /** A session from a token kept earlier (`session.token`), adopted by this client. */
  async resume(token: string): Promise<LoopSession> {
    const session = await createSession(token);
    this.auth = { hawk: session };
    return session;
  }

  readonly GET = this.operation('get');
  readonly POST = this.operation('post');
  readonly PUT = this.operation('put');
  readonly PATCH = this.operation('patch');
  readonly DELETE = this.operation('delete');

  private operation<M extends HttpMethod>(method: M): OperationMethod<Operations, M> {
    // The credential as it is when the call is made: a later useSession() does not change a call in flight.
    const run = (path: string, init?: Record<string, unknown>) => this.call(method, path, init, this.auth);
    return run as unknown as OperationMethod<Operations, M>;
  }

  /** One operation through openapi-fetch with `auth`: the success body, or a thrown LoopError. */
  private async call(method: HttpMethod, path: string, init: Record<string, unknown> | undefined, auth: LoopAuth) {
    const request = this.api.request as unknown as (
      method: string,
      path: string,
      init?: Record<string, unknown>,
    ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
    const send = async (outgoing: Request) => this.transport.send(await outgoingFrom(outgoing), auth);
    const answer = await request(method, path, { ...init, fetch: send });
    if (!answer.response.ok)
      throw LoopError.fromAnswer(answer.response.status, answer.error, answer.response.statusText);
    return { data: answer.data, response: answer.response };
  }

  /**
   * Any request, typed or not, answered whatever its status (no `LoopError` for an HTTP error), sent once
   * (no retry after a clock-skew 401): for the requests the document does not describe, such as the
   * deliberately malformed ones of tests.
   */
  async raw<T = unknown>(method: string, path: string, options: RawOptions = {}): Promise<RawResponse<T>> {
    const headers = new Headers(options.headers);
    const body =
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body);
    if (body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
    const outgoing = {
      method,
      url: `${this.baseUrl}${path}`,
      headers,
      body,
      init: { ...this.requestInit, ...(options.redirect ? { redirect: options.redirect } : {}) },
    };
    const auth = options.auth === false ? null : this.auth;
    if (options.auth === true && auth === null) throw new Error('no session or token to authenticate with');
    // Sent once, as asked: no re-signing on a 401 (a test may be checking exactly that refusal).
    const sign = { timestampSec: options.timestampSec, payloadHash: options.payloadHash };
    const response = await this.transport.send(outgoing, auth, sign, false);
    const text = await response.text();
    let parsed: unknown = text;
    if (text && (response.headers.get('content-type') ?? '').includes('json')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON after all (a cut answer): the text is what there is.
      }
    }
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  /**
   * The progress websocket of one call (spec §6.6), `hello` already said: `progressURL` and the side's
   * websocket token come from `POST /calls/{token}` (caller) or `GET /calls` (callee).
   */
  async openProgress(progressURL: string, callId: string, websocketToken: string, options?: OpenSocketOptions) {
    const socket = await ProgressSocket.open(progressURL, options);
    const hello = await socket.hello(callId, websocketToken);
    return { socket, hello };
  }

  /**
   * The user events websocket (`GET /events`, docs/realtime.md): a ticket from `POST /events/ticket`
   * (Hawk), then the socket's `hello` with it. Resolves once the server answered its `hello`, whose
   * `pending` lists the calls already waiting.
   */
  async openUserEvents(options?: OpenSocketOptions) {
    const { data } = await this.POST('/events/ticket');
    const url = new URL(`${this.baseUrl}/events`);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = await UserEventsSocket.open(url.href, options);
    const hello = await socket.hello(data.ticket);
    return { socket, hello };
  }
}
