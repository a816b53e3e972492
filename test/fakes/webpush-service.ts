/**
 * A Web Push service for tests, speaking RFC 8030 over real HTTP on 127.0.0.1. Like a real one it
 * refuses requests whose VAPID token (RFC 8292) does not verify against its `k=` key, whose audience is
 * not its origin or which have expired, and requests without `TTL` or aes128gcm encoding. Playing the
 * browser too, it decrypts each payload with the subscription's private key. It answers 201 unless the
 * test queued other statuses for a subscription.
 */
import { createPublicKey, randomUUID, verify } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BrowserSubscription } from './webpush-browser.ts';
import { ArrivalLog } from '../helpers/arrival-log.ts';

export interface VapidCheck {
  ok: boolean;
  problem?: string;
  claims?: { aud?: string; exp?: number; sub?: string };
  /** The `k=` public key, base64url. */
  key?: string;
}

export interface ReceivedWebPush {
  path: string;
  /** What the service answered. */
  status: number;
  /** Why the service refused the request itself (not a queued answer); undefined when it was well-formed. */
  rejected?: string;
  ttl: string | undefined;
  urgency: string | undefined;
  topic: string | undefined;
  contentEncoding: string | undefined;
  vapid: VapidCheck;
  /** The decrypted payload parsed as JSON; undefined when it could not be decrypted. */
  payload?: unknown;
  decryptProblem?: string;
}

export type QueuedAnswer = number | { status: number; retryAfter?: string };

const MAX_JWT_LIFETIME_SEC = 24 * 3600;

function checkVapid(authorization: string | undefined, origin: string): VapidCheck {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
  if (!match) return { ok: false, problem: 'no "vapid t=..., k=..." Authorization' };
  const [, token = '', key = ''] = match;
  const [headerPart = '', claimsPart = '', signaturePart = ''] = token.split('.');
  const result: VapidCheck = { ok: false, key };
  try {
    const header = JSON.parse(Buffer.from(headerPart, 'base64url').toString()) as { alg?: string };
    if (header.alg !== 'ES256') return { ...result, problem: `alg ${header.alg}` };
    const point = Buffer.from(key, 'base64url');
    const publicKey = createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: point.subarray(1, 33).toString('base64url'),
        y: point.subarray(33, 65).toString('base64url'),
      },
      format: 'jwk',
    });
    const signed = Buffer.from(`${headerPart}.${claimsPart}`);
    if (
      !verify('sha256', signed, { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signaturePart, 'base64url'))
    ) {
      return { ...result, problem: 'signature does not verify against k' };
    }
    const claims = JSON.parse(Buffer.from(claimsPart, 'base64url').toString()) as VapidCheck['claims'] & object;
    result.claims = claims;
    const nowSec = Date.now() / 1000;
    if (claims.aud !== origin) return { ...result, problem: `aud ${claims.aud} is not ${origin}` };
    if (typeof claims.exp !== 'number' || claims.exp <= nowSec) return { ...result, problem: 'expired' };
    if (claims.exp > nowSec + MAX_JWT_LIFETIME_SEC) return { ...result, problem: 'exp more than 24 hours ahead' };
    if (!/^(mailto:|https:)/.test(claims.sub ?? '')) return { ...result, problem: 'sub is not mailto: or https:' };
    return { ...result, ok: true };
  } catch (error) {
    return { ...result, problem: `unreadable token (${(error as Error).message})` };
  }
}

export class WebPushService {
  private readonly log = new ArrivalLog<ReceivedWebPush>();
  /** Every request received, oldest first. */
  readonly received: ReceivedWebPush[] = this.log.items;
  private readonly browsers = new Map<string, BrowserSubscription>();
  private readonly queued = new Map<string, QueuedAnswer[]>();
  private readonly server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const { status, retryAfter, record } = this.handle(request, Buffer.concat(chunks));
      this.log.record(record);
      response.statusCode = status;
      if (retryAfter !== undefined) response.setHeader('retry-after', retryAfter);
      if (status === 201) response.setHeader('location', `${this.origin}/message/${randomUUID()}`);
      response.end();
    });
  });
  origin = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** A new browser subscription on this service, as `pushManager.subscribe()` would make. */
  subscribe(): BrowserSubscription {
    const browser = new BrowserSubscription(`${this.origin}/wpush/${randomUUID()}`);
    this.browsers.set(new URL(browser.endpoint).pathname, browser);
    return browser;
  }

  /** Queues the answers for the next requests to `endpoint`; once used up, it answers 201 again. */
  answer(endpoint: string, ...answers: QueuedAnswer[]): void {
    const path = new URL(endpoint).pathname;
    this.queued.set(path, [...(this.queued.get(path) ?? []), ...answers]);
  }

  to(endpoint: string): ReceivedWebPush[] {
    const path = new URL(endpoint).pathname;
    return this.received.filter((push) => push.path === path);
  }

  private handle(
    request: http.IncomingMessage,
    body: Buffer,
  ): { status: number; retryAfter?: string; record: ReceivedWebPush } {
    const path = request.url ?? '/';
    const header = (name: string) => request.headers[name] as string | undefined;
    const record: ReceivedWebPush = {
      path,
      status: 0,
      ttl: header('ttl'),
      urgency: header('urgency'),
      topic: header('topic'),
      contentEncoding: header('content-encoding'),
      vapid: checkVapid(header('authorization'), this.origin),
    };
    const refuse = (status: number, why: string) => ({
      status: (record.status = status),
      record: Object.assign(record, { rejected: why }),
    });
    if (request.method !== 'POST') return refuse(405, `method ${request.method}`);
    if (!record.vapid.ok) return refuse(401, `VAPID: ${record.vapid.problem}`);
    if (!/^\d+$/.test(record.ttl ?? '')) return refuse(400, 'missing or bad TTL');
    if (record.contentEncoding !== 'aes128gcm') return refuse(415, `content-encoding ${record.contentEncoding}`);
    const browser = this.browsers.get(path);
    if (browser) {
      try {
        record.payload = JSON.parse(browser.decrypt(body).toString('utf8'));
      } catch (error) {
        record.decryptProblem = (error as Error).message;
      }
    }
    const next = this.queued.get(path)?.shift() ?? (browser ? 201 : 404);
    const { status, retryAfter } = typeof next === 'number' ? { status: next, retryAfter: undefined } : next;
    record.status = status;
    return { status, ...(retryAfter !== undefined ? { retryAfter } : {}), record };
  }

  /** Resolves once `count` requests have arrived in all, or rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs = 5000): Promise<ReceivedWebPush[]> {
    return this.log.waitFor(count, timeoutMs);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
