/**
 * What the rooms API tests share: each file runs its suite once per store (SQLite, then Redis when it answers
 * on 127.0.0.1:6379, or always under CI=true), clients that speak Hawk, Basic or nothing, and small readers.
 */
import { describe } from 'node:test';
import { LoopClient, type LoopResponse } from '../../tools/loop-client.ts';
import type { Clock } from '../../src/clock.ts';
import { requireRedis, testRedis, testRedisUrl } from '../helpers/requirements.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

export type StoreKind = 'sqlite' | 'redis';

/** Starts a server on this suite's store; on Redis, on `db`, flushed first (each test file owns its numbers). */
export type StartServer = (options?: { env?: Record<string, string>; clock?: Clock }) => Promise<TestServer>;

/**
 * Registers `suite` once per store. Redis DB numbers: one per file, passed by the caller. Redis is required
 * under CI=true and skipped (with the reason) elsewhere when nothing answers.
 */
export async function onEachStore(title: string, redisDb: number, suite: (start: StartServer) => void): Promise<void> {
  // Asked before any suite starts: a busy event loop would make the ping time out.
  const redisUp = await requireRedis(`${title} (Redis)`);
  void describe(`${title} (SQLite)`, () => suite((options = {}) => startTestServer(options)));
  if (!redisUp) return;
  void describe(`${title} (Redis)`, () =>
    suite(async (options = {}) => {
      const flush = testRedis(redisDb);
      await flush.flushdb();
      await flush.quit();
      return startTestServer({ ...options, env: { LOOP_STORE_URL: testRedisUrl(redisDb), ...options.env } });
    }));
}

export interface ErrorBody {
  code: number;
  errno: number;
  error: string;
  message?: string;
}

export interface CreatedRoom {
  roomToken: string;
  roomUrl: string;
  expiresAt: number;
}

export interface JoinAnswer {
  apiKey: string;
  sessionId: string;
  sessionToken: string;
  expires: number;
  roomConnectionId: string;
}

export interface FullRoomInfo {
  roomToken: string;
  roomUrl: string;
  roomName?: string;
  context: { value: string; alg: string; wrappedKey: string } | null;
  roomOwner: string;
  maxSize: number;
  clientMaxSize: number;
  creationTime: number;
  expiresAt: number;
  ctime: number;
  participants: { roomConnectionId: string; displayName: string; account?: string; owner: boolean }[];
}

export const CONTEXT = { value: 'Y2lwaGVydGV4dA', alg: 'AES-GCM', wrappedKey: 'd3JhcHBlZA' };

/** A client with a fresh anonymous Hawk session. */
export async function registered(server: TestServer): Promise<LoopClient> {
  const client = new LoopClient(server.url);
  await client.register();
  return client;
}

/** `timestampSec`: the Hawk timestamp, for servers on a manual clock. */
export async function createRoom(
  owner: LoopClient,
  body: Record<string, unknown> = {},
  timestampSec?: number,
): Promise<CreatedRoom> {
  const response = await owner.request<CreatedRoom>('POST', '/rooms', {
    body: { context: CONTEXT, roomOwner: 'Alice', maxSize: 3, ...body },
    timestampSec,
  });
  if (response.status !== 201) throw new Error(`POST /rooms: ${response.status} ${response.text}`);
  return response.body;
}

/** A request without credentials, or with `Authorization: Basic base64(token:)` when `basic` is given. */
export async function plain<T = unknown>(
  server: TestServer,
  method: string,
  path: string,
  options: { body?: unknown; basic?: string; headers?: Record<string, string> } = {},
): Promise<LoopResponse<T>> {
  const client = new LoopClient(server.url);
  const headers: Record<string, string> = { ...options.headers };
  if (options.basic !== undefined)
    headers.authorization = `Basic ${Buffer.from(`${options.basic}:`).toString('base64')}`;
  return client.request<T>(method, path, { body: options.body, hawk: false, headers });
}

export function joinBody(displayName: string, clientMaxSize = 5): Record<string, unknown> {
  return { action: 'join', displayName, clientMaxSize };
}

/** An anonymous guest joins: its sessionToken is then its Basic credential. */
export async function guestJoins(server: TestServer, roomToken: string, name: string, clientMaxSize = 5) {
  return plain<JoinAnswer>(server, 'POST', `/rooms/${roomToken}`, { body: joinBody(name, clientMaxSize) });
}
