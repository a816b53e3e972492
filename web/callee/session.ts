/**
 * Bob's anonymous Loop session, kept in this browser (localStorage): minted once with POST /registration
 * (the server answers with `Hawk-Session-Token`), then every request is Hawk-signed with it. A session the
 * server no longer knows (401 errno 110) is replaced by a new one.
 */
import {
  apiSession,
  LoopApi,
  LoopApiError,
  type ApiRequest,
  type ApiResponse,
  type ApiSession,
} from '../shared/loop-api.ts';

const STORAGE_KEY = 'loop.sessionToken';

export class CalleeSession {
  private session: ApiSession | null = null;

  constructor(readonly api: LoopApi = new LoopApi()) {}

  async ensure(): Promise<ApiSession> {
    if (this.session) return this.session;
    const stored = readStored();
    if (stored) {
      this.session = await apiSession(stored);
      return this.session;
    }
    const minted = await this.api.request({ method: 'POST', path: '/registration', body: {} });
    const token = minted.headers.get('hawk-session-token');
    if (!token) throw new LoopApiError(minted.status, null, 'no session token in the answer');
    writeStored(token);
    this.session = await apiSession(token);
    return this.session;
  }

  /** A Hawk-signed request; a session the server forgot is replaced once (its links are gone with it). */
  async request<T>(request: Omit<ApiRequest, 'session'>): Promise<ApiResponse<T>> {
    try {
      return await this.api.request<T>({ ...request, session: await this.ensure() });
    } catch (error) {
      if (!(error instanceof LoopApiError && error.status === 401)) throw error;
      this.session = null;
      writeStored(null);
      return this.api.request<T>({ ...request, session: await this.ensure() });
    }
  }
}

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function writeStored(token: string | null): void {
  try {
    if (token) localStorage.setItem(STORAGE_KEY, token);
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage disabled (private mode): the session lasts as long as the page.
  }
}
