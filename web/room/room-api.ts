/**
 * The room's HTTP API as the room page uses it (spec §4.9, §7.3): public info, `join` (anonymous, or
 * Hawk-signed when this browser has a Loop session — the owner's app on the same origin — so the owner is
 * recognised), then `refresh`, `GET` and `leave` with the credential the join established: `Basic
 * <sessionToken>` for an anonymous joiner, the Hawk session otherwise.
 */
import { createSession, LoopError, type LoopClient } from '@loop/client';
import { pageClient } from '../shared/loop-client.ts';
import type { MediaJoinAnswer } from '../media/media-session.ts';
import type { RoomContext } from '../shared/room-name-crypto.ts';

/** How many people this page can hold a mesh with (`clientMaxSize`): the room's maxSize decides below it. */
export const MESH_CAPACITY = 10;
const SESSION_KEY = 'loop.sessionToken';

export interface RoomPublicInfo {
  roomToken: string;
  roomUrl: string;
  roomOwner: string;
  roomName?: string;
  context: RoomContext | null;
}

export interface RoomParticipantInfo {
  roomConnectionId: string;
  displayName: string;
  owner: boolean;
}

export interface RoomFullInfo extends RoomPublicInfo {
  maxSize: number;
  participants: RoomParticipantInfo[];
}

/** The join answer (spec §7.3) with the provider's extras (web/media/ reads them). */
export interface JoinAnswer extends MediaJoinAnswer {
  expires: number;
}

/** One participation, as kept in sessionStorage so that a reload goes back in (participation.ts). */
export interface Participation {
  displayName: string;
  answer: JoinAnswer;
  /** `basic`: anonymous (the sessionToken is the credential); `hawk`: joined with this browser's Loop session. */
  auth: 'basic' | 'hawk';
}

export class RoomApi {
  /** Unsigned: the public info, and an anonymous join. */
  private readonly anonymous = pageClient();
  private readonly params: { params: { path: { token: string } } };

  constructor(readonly roomToken: string) {
    this.params = { params: { path: { token: roomToken } } };
  }

  async publicInfo(): Promise<RoomPublicInfo> {
    return (await this.anonymous.GET('/rooms/{token}', this.params)).data;
  }

  async join(displayName: string): Promise<Participation> {
    const body = { action: 'join', displayName, clientMaxSize: MESH_CAPACITY };
    const owner = await browserClient();
    if (owner) {
      try {
        const { data } = await owner.POST('/rooms/{token}', { ...this.params, body });
        return { displayName, answer: data as JoinAnswer, auth: 'hawk' };
      } catch (error) {
        // A session the server forgot: join as anyone would.
        if (!(error instanceof LoopError && error.status === 401)) throw error;
      }
    }
    const { data } = await this.anonymous.POST('/rooms/{token}', { ...this.params, body });
    return { displayName, answer: data as JoinAnswer, auth: 'basic' };
  }

  /** Keeps the participation alive; the new `expires` (seconds). */
  async refresh(participation: Participation): Promise<number> {
    const api = await this.participant(participation);
    const { data } = await api.POST('/rooms/{token}', { ...this.params, body: { action: 'refresh' } });
    return (data as { expires: number }).expires;
  }

  async info(participation: Participation): Promise<RoomFullInfo> {
    const api = await this.participant(participation);
    return (await api.GET('/rooms/{token}', this.params)).data as RoomFullInfo;
  }

  /** `keepalive`: the page is going away (pagehide); nobody waits for the answer. */
  async leave(participation: Participation, keepalive = false): Promise<void> {
    const api = await this.participant(participation);
    await api.POST('/rooms/{token}', { ...this.params, body: { action: 'leave' }, keepalive });
  }

  /** The credential the join established: the browser's session (Hawk), or the participation's token (Basic). */
  private async participant(participation: Participation): Promise<LoopClient> {
    const basic = () => pageClient().useBasicToken(participation.answer.sessionToken);
    if (participation.auth === 'basic') return basic();
    return (await browserClient()) ?? basic();
  }
}

/** A client signing with this browser's Loop session (the app's, on `/app/`), when there is one. */
async function browserClient(): Promise<LoopClient | null> {
  let token: string | null = null;
  try {
    token = localStorage.getItem(SESSION_KEY);
  } catch {
    return null;
  }
  return token ? pageClient(await createSession(token)) : null;
}

/** What a failed room request means to the page. */
export type RoomProblem = 'full' | 'gone' | 'participation-over' | 'offline' | 'other';

export function roomProblemOf(error: unknown): RoomProblem {
  if (!(error instanceof LoopError)) return 'other';
  if (error.status === 0) return 'offline';
  if (error.errno === 202 || error.errno === 121) return 'full';
  if (error.errno === 105 || error.status === 404) return 'gone';
  // 410 errno 111 (participation expired), 401 (its Basic token is gone: it left), 403/203 (not in the room).
  if (error.errno === 111 || error.status === 401 || error.errno === 203 || error.status === 403)
    return 'participation-over';
  return 'other';
}
