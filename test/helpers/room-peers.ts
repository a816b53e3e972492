/**
 * Room participants on the signalling websocket, for the relay's tests: room tokens are minted with the
 * server's own built-in provider secret (what `POST /rooms/{token}` `join` hands out), so the relay is
 * tested on its own contract, the token's claims.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { signParticipantToken } from '../../src/providers/builtin/participant-token.ts';
import { JsonSocket, type JsonFrame } from './json-socket.ts';
import type { TestServer } from './test-server.ts';

export interface RoomPeerSocket {
  pid: string;
  name: string;
  token: string;
  socket: JsonSocket;
  joined: JsonFrame;
}

/** A fresh room session id, as the built-in provider makes them. */
export const roomSessionId = (): string => `loop_${randomBytes(18).toString('base64url')}`;

export function roomToken(
  server: TestServer,
  claims: { sid: string; pid?: string; name: string; role?: 'moderator' | 'publisher'; exp?: number },
): { token: string; pid: string } {
  const pid = claims.pid ?? randomUUID();
  const token = signParticipantToken(server.deps.secrets.builtinProviderSecret, {
    sid: claims.sid,
    role: claims.role ?? 'publisher',
    pid,
    name: claims.name,
    exp: claims.exp ?? Math.floor(Date.now() / 1000) + 600,
  });
  return { token, pid };
}

/** Opens the signalling socket, joins with `token`, and reads the first answer. */
export async function joinWithToken(
  server: TestServer,
  token: string,
): Promise<{ socket: JsonSocket; joined: JsonFrame }> {
  const socket = await JsonSocket.open(`${server.url.replace('http:', 'ws:')}/signalling`);
  socket.send({ type: 'join', token });
  return { socket, joined: await socket.next() };
}

/** `name` joins room session `sid` (as participation `pid`, a new one by default). */
export async function joinRoom(server: TestServer, sid: string, name: string, pid?: string): Promise<RoomPeerSocket> {
  const minted = roomToken(server, { sid, name, pid });
  const { socket, joined } = await joinWithToken(server, minted.token);
  return { pid: minted.pid, name, token: minted.token, socket, joined };
}

/** The `peers` of a `room-joined` frame, sorted by name (their order is not part of the protocol). */
export function peersOf(joined: JsonFrame): Array<{ pid: string; name: string }> {
  return [...((joined.peers as Array<{ pid: string; name: string }>) ?? [])].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
}
