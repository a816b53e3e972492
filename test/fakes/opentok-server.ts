/**
 * A local OpenTok REST API for tests, as the SDK (and the real service) speak it:
 * - POST /session/create (form `p2p.preference`, `archiveMode`) authenticated by `X-OPENTOK-AUTH`, an
 *   HS256 JWT signed with the project's secret (`iss` = API key, `ist` = "project"); answers
 *   `[{session_id, project_id, create_dt, media_server_url}]` with an id the SDK can decode
 *   (`"1_" + base64url("1~<apiKey>~…")`: `generateToken` refuses sessions of another key);
 * - GET /v2/project/{apiKey}/archive (the heartbeat's read-only check).
 */
import { randomBytes } from 'node:crypto';
import { decodeJwt, jwtVerify } from 'jose';
import { ScriptedHttpServer, type FakeAnswer, type FakeRequest } from './scripted-http.ts';

export interface CreatedSession {
  sessionId: string;
  apiKey: string;
  p2pPreference: string | null;
}

const denied = (msg: string): FakeAnswer => ({ status: 403, body: { code: 403, message: msg } });

export class OpenTokServer extends ScriptedHttpServer {
  readonly sessions: CreatedSession[] = [];

  /** `projects`: API key → API secret, one per channel the test configures. */
  constructor(private readonly projects: Record<string, string>) {
    super((request) => this.handle(request));
  }

  /** The project the request's JWT proves, or null. */
  private async authenticate(request: FakeRequest): Promise<string | null> {
    const token = request.headers['x-opentok-auth'];
    if (typeof token !== 'string') return null;
    try {
      const apiKey = String(decodeJwt(token).iss);
      const secret = this.projects[apiKey];
      if (secret === undefined) return null;
      const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
        algorithms: ['HS256'],
        issuer: apiKey,
      });
      return payload.ist === 'project' ? apiKey : null;
    } catch {
      return null;
    }
  }

  private async handle(request: FakeRequest): Promise<FakeAnswer> {
    const apiKey = await this.authenticate(request);
    if (!apiKey) return denied('Invalid token');
    const path = request.path.split('?')[0] ?? '';
    if (request.method === 'POST' && path === '/session/create')
      return this.createSession(apiKey, new URLSearchParams(request.body));
    const archive = /^\/v2\/project\/([^/]+)\/archive$/.exec(path);
    if (request.method === 'GET' && archive) {
      return archive[1] === apiKey ? { status: 200, body: { count: 0, items: [] } } : denied('Not this project');
    }
    return { status: 404, body: { code: 404, message: 'Not found' } };
  }

  private createSession(apiKey: string, form: URLSearchParams): FakeAnswer {
    const p2pPreference = form.get('p2p.preference');
    const raw = `1~${apiKey}~127.0.0.1~${new Date().toUTCString()}~${randomBytes(12).toString('base64')}~~`;
    const sessionId = `1_${Buffer.from(raw).toString('base64url')}`;
    this.sessions.push({ sessionId, apiKey, p2pPreference });
    return {
      status: 200,
      body: [
        {
          session_id: sessionId,
          project_id: apiKey,
          partner_id: apiKey,
          create_dt: new Date().toUTCString(),
          media_server_url: '',
        },
      ],
    };
  }

  override reset(): void {
    super.reset();
    this.sessions.length = 0;
  }
}
