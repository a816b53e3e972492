/**
 * The rooms paths of `npm run bench`: a join and a refresh, each spread over many rooms (a random one per
 * request) so that 32 connections do not all queue on one room's list.
 *
 * - join: a signed-in (Hawk) device joining again, as the historical client does on every room load: each
 *   request replaces its own participation, so the list stays short and every request does the same work
 *   (Hawk check, list, capacity rule, provider token, the store's versioned add, room touch, the owner's
 *   push to the sink).
 * - refresh: an anonymous guest's heartbeat with its Basic credential (spec §3.6), the hot path: a room of
 *   100,000 people refreshes about 3,700 times a second.
 */
import { randomBytes } from 'node:crypto';
import { deriveHawkCredentials } from '../src/auth/session-token.ts';
import { LoopClient } from '../tools/loop-client.ts';
import { Hawk } from '../tools/hawk-reference.ts';
import type { Request } from './hawk-request.ts';

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;

export interface RoomRequests {
  join: Request[];
  refresh: Request[];
}

export async function prepareRoomRequests(loopUrl: string, sinkUrl: string, rooms = 64): Promise<RoomRequests> {
  const owner = new LoopClient(loopUrl);
  await owner.register({ simplePushURLs: { rooms: sinkUrl } });
  const joiner = new LoopClient(loopUrl);
  await joiner.register();
  const tokens: string[] = [];
  const guests: string[] = [];
  for (let i = 0; i < rooms; i++) {
    const created = await owner.request<{ roomToken: string }>('POST', '/rooms', {
      body: {
        context: { value: randomBytes(54).toString('base64'), alg: 'AES-GCM', wrappedKey: '' },
        roomOwner: 'Alice',
        maxSize: 5,
      },
    });
    if (created.status !== 201) throw new Error(`POST /rooms answered ${created.status}: ${created.text}`);
    const token = created.body.roomToken;
    const guest = await new LoopClient(loopUrl).request<{ sessionToken: string }>('POST', `/rooms/${token}`, {
      body: { action: 'join', displayName: 'Guest', clientMaxSize: 5 },
    });
    if (guest.status !== 200) throw new Error(`a guest join answered ${guest.status}: ${guest.text}`);
    tokens.push(token);
    guests.push(`Basic ${Buffer.from(`${guest.body.sessionToken}:`).toString('base64')}`);
  }

  const { id, key } = deriveHawkCredentials(joiner.sessionToken ?? '');
  const credentials = { id, key, algorithm: 'sha256' as const };
  const headers = { 'content-type': 'application/json' };
  const join: Request = {
    method: 'POST',
    path: '/rooms/x',
    headers,
    body: JSON.stringify({ action: 'join', displayName: 'Bob', clientMaxSize: 5 }),
    // A fresh Hawk header (16-byte nonce) for every request, on a random room.
    setupRequest: (request) => {
      const path = `/rooms/${pick(tokens)}`;
      const authorization = Hawk.client.header(`${loopUrl}${path}`, 'POST', {
        credentials,
        nonce: randomBytes(16).toString('base64url'),
      }).header;
      return { ...request, path, headers: { ...request.headers, authorization } };
    },
  };
  const refresh: Request = {
    method: 'POST',
    path: '/rooms/x',
    headers,
    body: JSON.stringify({ action: 'refresh' }),
    setupRequest: (request) => {
      const i = Math.floor(Math.random() * tokens.length);
      return {
        ...request,
        path: `/rooms/${tokens[i] ?? ''}`,
        headers: { ...request.headers, authorization: guests[i] ?? '' },
      };
    },
  };
  return { join: [join], refresh: [refresh] };
}
