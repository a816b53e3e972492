/**
 * Janus's admin API, for the stored tokens of `token_auth`: a token Loop adds lets a browser open a Janus
 * session and attach the VideoRoom plugin (and nothing else). It is valid in every room: the room's
 * `allowed` list is what lets it join one.
 */
import { janusPost } from './janus-http.ts';
import { VIDEOROOM_PLUGIN } from './videoroom.ts';

export interface JanusAdminOptions {
  /** The admin API, e.g. `http://127.0.0.1:7088/admin`. */
  url: string;
  adminSecret: string;
  timeoutMs: number;
}

export class JanusAdminClient {
  constructor(private readonly options: JanusAdminOptions) {}

  private post(operation: string, body: Record<string, unknown>) {
    return janusPost(
      this.options.url,
      operation,
      { ...body, admin_secret: this.options.adminSecret },
      this.options.timeoutMs,
    );
  }

  async addToken(token: string): Promise<void> {
    await this.post('add_token', { janus: 'add_token', token, plugins: [VIDEOROOM_PLUGIN] });
  }

  async removeToken(token: string): Promise<void> {
    await this.post('remove_token', { janus: 'remove_token', token });
  }

  /** `get_status` needs the admin secret (`ping` does not), so it proves the URL and the secret. */
  async check(): Promise<void> {
    await this.post('get_status', { janus: 'get_status' });
  }
}
