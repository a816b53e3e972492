/**
 * Bob's anonymous Loop session, kept in this browser (localStorage): minted once with POST /registration
 * (the server answers with `Hawk-Session-Token`), then every request is Hawk-signed with it by the SDK. A
 * session the server no longer knows (401 errno 110) is replaced by a new one.
 */
import { LoopError, type LoopClient } from '@loop/client';
import { pageClient } from '../shared/loop-client.ts';

const STORAGE_KEY = 'loop.sessionToken';

export class CalleeSession {
  /** Unsigned requests (the public ones). */
  readonly anonymous: LoopClient = pageClient();
  /** Signs with the session once there is one. */
  private readonly client: LoopClient = pageClient();
  private ready: boolean = false;

  /** The signed client, its session resumed from storage or minted. */
  async ensure(): Promise<LoopClient> {
    if (this.ready) return this.client;
    const stored = readStored();
    if (stored) await this.client.resume(stored);
    else writeStored((await this.client.register()).token);
    this.ready = true;
    return this.client;
  }

  /** Runs `use` with the signed client; a session the server forgot is replaced once (its links go with it). */
  async signed<T>(use: (api: LoopClient) => Promise<T>): Promise<T> {
    try {
      return await use(await this.ensure());
    } catch (error) {
      if (!(error instanceof LoopError && error.status === 401)) throw error;
      this.ready = false;
      this.client.useSession(null);
      writeStored(null);
      return use(await this.ensure());
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
