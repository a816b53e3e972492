/**
 * The room's HTTP API as the room page uses it (spec §4.9, §7.3): public info, `join` (anonymous, or
 * Hawk-signed when this browser has a Loop session — the owner's app on the same origin — so the owner is
 * recognised), then `refresh`, `GET` and `leave` with the credential the join established: `Basic
 * <sessionToken>` for an anonymous joiner, the Hawk session otherwise.
 */
import { apiSession, LoopApi, LoopApiError, type ApiRequest, type ApiSession } from '../shared/loop-api.ts';
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
  private readonly api = new LoopApi();
  private readonly path: string;

  constructor(readonly roomToken: string) {
    this.path = `/rooms/${encodeURIComponent(roomToken)}`;
  }

  async publicInfo(): Promise<RoomPublicInfo> {
    return (await this.api.request<RoomPublicInfo>({ method: 'GET', path: this.path })).body;
  }

  async join(displayName: string): Promise<Participation> {
    const body = { action: 'join', displayName, clientMaxSize: MESH_CAPACITY };
    const session = await browserSession();
    if (session) {
      try {
        const { body: answer } = await this.api.request<JoinAnswer>({ method: 'POST', path: this.path, body, session });
        return { displayName, answer, auth: 'hawk' };
      } catch (error) {
        // A session the server forgot: join as anyone would.
        if (!(error instanceof LoopApiError && error.status === 401)) throw error;
      }
    }
    const { body: answer } = await this.api.request<JoinAnswer>({ method: 'POST', path: this.path, body });
    return { displayName, answer, auth: 'basic' };
  }

  /** Keeps the participation alive; the new `expires` (seconds). */
  async refresh(participation: Participation): Promise<number> {
    const request = await this.signed(participation, { method: 'POST', path: this.path, body: { action: 'refresh' } });
    return (await this.api.request<{ expires: number }>(request)).body.expires;
  }

  async info(participation: Participation): Promise<RoomFullInfo> {
    return (await this.api.request<RoomFullInfo>(await this.signed(participation, { method: 'GET', path: this.path })))
      .body;
  }

  /** `keepalive`: the page is going away (pagehide); nobody waits for the answer. */
  async leave(participation: Participation, keepalive = false): Promise<void> {
    const request = { method: 'POST', path: this.path, body: { action: 'leave' }, keepalive } as const;
    await this.api.request(await this.signed(participation, request));
  }

  private async signed(participation: Participation, request: ApiRequest): Promise<ApiRequest> {
    if (participation.auth === 'basic') return { ...request, basicToken: participation.answer.sessionToken };
    const session = await browserSession();
    return session ? { ...request, session } : { ...request, basicToken: participation.answer.sessionToken };
  }
}

/** The Loop session of this browser's app (`/app/`), when there is one. */
async function browserSession(): Promise<ApiSession | null> {
  let token: string | null = null;
  try {
    token = localStorage.getItem(SESSION_KEY);
  } catch {
    return null;
  }
  return token ? apiSession(token) : null;
}

/** What a failed room request means to the page. */
export type RoomProblem = 'full' | 'gone' | 'participation-over' | 'offline' | 'other';

export function roomProblemOf(error: unknown): RoomProblem {
  if (!(error instanceof LoopApiError)) return 'other';
  if (error.status === 0) return 'offline';
  if (error.errno === 202 || error.errno === 121) return 'full';
  if (error.errno === 105 || error.status === 404) return 'gone';
  // 410 errno 111 (participation expired), 401 (its Basic token is gone: it left), 403/203 (not in the room).
  if (error.errno === 111 || error.status === 401 || error.errno === 203 || error.status === 403)
    return 'participation-over';
  return 'other';
}
