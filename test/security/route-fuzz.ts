/**
 * Property-based fuzzing of every route in the app's route table (fast-check): random methods, path
 * parameters (tokens, garbage, bad percent-encodings, over-long segments), query strings, headers (Hawk
 * headers real and forged, Basic, Bearer, content types, Accept), and bodies (JSON values, text, objects with
 * the API's field names holding anything). The property: no 5xx, and every error in Loop's JSON shape (the
 * HTML pages excepted). Used by fuzz.test.ts (a short run in `npm test`) and run-fuzz.ts (`npm run fuzz`).
 */
import fc from 'fast-check';
import type { RouteEntry } from '../../src/http/route-table.ts';
import { LoopClient } from '../../tools/loop-client.ts';

const FIELDS = [
  'callType',
  'subject',
  'channel',
  'callerId',
  'expiresIn',
  'issuer',
  'calleeId',
  'websocketToken',
  'simplePushURLs',
  'simplePushURL',
  'webPushSubscription',
  'code',
  'state',
  'version',
];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];

export interface FuzzTarget {
  url: string;
  routes: readonly RouteEntry[];
  /** A live call link and a registered client owning it, so valid tokens and Hawk headers are in the mix. */
  linkToken: string;
  owner: LoopClient;
}

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
  auth: 'none' | 'hawk' | 'forged-hawk' | 'basic' | 'bearer' | 'garbage';
}

const printable = (max: number) => fc.string({ unit: 'grapheme-ascii', maxLength: max });
const headerValue = fc.stringMatching(/^[\x21-\x7e][\x20-\x7e]{0,60}$/);

function pathParam(target: FuzzTarget): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constant(target.linkToken),
    fc.stringMatching(/^[A-Za-z0-9_-]{11}$/),
    fc.stringMatching(/^[0-9a-f]{32}$/),
    printable(40).map(encodeURIComponent),
    fc.stringMatching(/^(%[0-9a-zA-Z]{0,2}|[a-z]){1,12}$/),
    fc.integer({ min: 90, max: 300 }).map((n) => 'x'.repeat(n)),
    fc.constantFrom('..', '.', '%2e%2e', '%00', '%2F', ''),
  );
}

function body(): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    fc.constant(undefined),
    fc.json({ maxDepth: 3 }),
    printable(80),
    fc
      .dictionary(fc.constantFrom(...FIELDS), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 })
      .map((object) => JSON.stringify(object)),
    fc.record({ callType: fc.constantFrom('audio', 'audio-video', 'video', '') }).map((o) => JSON.stringify(o)),
  );
}

function requestArbitrary(target: FuzzTarget): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      route: fc.constantFrom(...target.routes),
      method: fc.oneof(
        { weight: 4, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.constantFrom(...METHODS) },
      ),
      param: pathParam(target),
      query: fc.option(
        fc.dictionary(fc.constantFrom('version', 'simplePushURL', 'token', 'x', 'code'), printable(20), { maxKeys: 3 }),
      ),
      contentType: fc.option(
        fc.constantFrom(
          'application/json',
          'application/x-www-form-urlencoded',
          'text/plain',
          'text/csv',
          'application/json; charset=utf-8',
          'multipart/form-data',
        ),
      ),
      accept: fc.option(fc.constantFrom('application/json', 'text/html', '*/*', 'image/png')),
      auth: fc.constantFrom('none', 'hawk', 'forged-hawk', 'basic', 'bearer', 'garbage'),
      garbage: headerValue,
      body: body(),
    })
    .map(({ route, method, param, query, contentType, accept, auth, garbage, body: requestBody }) => {
      const path = route.url === '*' ? `/${param}` : route.url.replace(/:[A-Za-z]+|\*/g, param);
      const search = query ? `?${new URLSearchParams(query).toString()}` : '';
      const headers: Record<string, string> = {};
      if (contentType) headers['content-type'] = contentType;
      if (accept) headers.accept = accept;
      if (auth === 'forged-hawk')
        headers.authorization = `Hawk id="${garbage.replace(/"/g, '')}", ts="1", nonce="x", mac="eA=="`;
      if (auth === 'basic') headers.authorization = `Basic ${Buffer.from(`${garbage}:`).toString('base64')}`;
      if (auth === 'bearer') headers.authorization = `Bearer ${garbage}`;
      if (auth === 'garbage') headers.authorization = garbage;
      return { method: method ?? route.method, path: `${path}${search}`, headers, body: requestBody, auth };
    });
}

export interface FuzzOutcome {
  byStatus: Map<number, number>;
  requests: number;
}

const NO_BODY_STATUSES = new Set([204, 304]);

/** Why a response breaks the property, or null. */
export function violation(status: number, contentType: string, text: string, method: string): string | null {
  if (status >= 500) return `status ${status}: ${text.slice(0, 200)}`;
  if (status < 400 || method === 'HEAD' || NO_BODY_STATUSES.has(status)) return null;
  if (contentType.startsWith('text/html')) return null; // the link pages stay HTML
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const keys = Object.keys(parsed).sort().join(',');
    if (keys !== 'code,errno,error,message') return `error body keys ${keys}: ${text.slice(0, 200)}`;
    if (parsed.code !== status || typeof parsed.errno !== 'number') return `error body ${text.slice(0, 200)}`;
    return null;
  } catch {
    return `error body not JSON (${contentType}): ${text.slice(0, 200)}`;
  }
}

async function send(target: FuzzTarget, request: FuzzRequest): Promise<{ status: number; problem: string | null }> {
  const sendsBody = request.body !== undefined && request.method !== 'GET' && request.method !== 'HEAD';
  const bodyText = sendsBody ? request.body : undefined;
  const headers = { ...request.headers };
  if (request.auth === 'hawk') {
    try {
      headers.authorization = target.owner.hawkHeader(request.method, request.path, {
        ...(bodyText !== undefined
          ? { body: bodyText, contentType: headers['content-type'] ?? 'application/json' }
          : {}),
      });
    } catch {
      // The reference client cannot sign every fuzzed path: sent unsigned.
    }
  }
  if (bodyText !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${target.url}${request.path}`, {
      method: request.method,
      headers,
      body: bodyText,
      redirect: 'manual',
    });
  } catch (error) {
    // fetch refuses some requests itself (a bad header); those never reached the server.
    if (error instanceof TypeError && !/fetch failed/.test(error.message)) return { status: 0, problem: null };
    return { status: -1, problem: `no answer: ${(error as Error).message} ${String((error as Error).cause)}` };
  }
  const text = await response.text();
  return {
    status: response.status,
    problem: violation(response.status, response.headers.get('content-type') ?? '', text, request.method),
  };
}

/** Runs `requests` fuzzed requests; throws (with fast-check's shrunk counterexample) on the first violation. */
export async function fuzzRoutes(target: FuzzTarget, requests: number, seed?: number): Promise<FuzzOutcome> {
  const byStatus = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(requestArbitrary(target), async (request) => {
      const { status, problem } = await send(target, request);
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
      if (problem) throw new Error(`${request.method} ${request.path} (${request.auth}): ${problem}`);
    }),
    { numRuns: requests, ...(seed !== undefined ? { seed } : {}), endOnFailure: false },
  );
  return { byStatus, requests };
}

/** A server's fuzz target: its route table, an owner with a session, and one live link of theirs. */
export async function fuzzTarget(url: string, routes: readonly RouteEntry[]): Promise<FuzzTarget> {
  const owner = new LoopClient(url);
  await owner.register();
  const link = await owner.request<{ callToken: string }>('POST', '/call-url', { body: { callerId: 'Alice' } });
  return { url, routes, owner, linkToken: link.body.callToken };
}
