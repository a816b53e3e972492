/**
 * A local LiveKit server API for tests: the Twirp RoomService endpoints Loop uses, each checking the
 * bearer JWT (HS256 with the API secret, `iss` = API key) and the grant the real server requires
 * (`roomCreate` to create, `roomList` to list). It also signs webhooks the way LiveKit does.
 */
import { createHash } from 'node:crypto';
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { SignJWT, jwtVerify } from 'jose';
import { ScriptedHttpServer, type FakeAnswer, type FakeRequest } from './scripted-http.ts';

export interface FakeRoom {
  sid: string;
  name: string;
  emptyTimeout: number;
  maxParticipants: number;
  creationTime: string;
}
interface VideoGrant {
  roomCreate?: boolean;
  roomList?: boolean;
}

const twirpError = (status: number, code: string, msg: string): FakeAnswer => ({ status, body: { code, msg } });

/** A browser SDK reaching the signalling endpoint (`/rtc` websocket, or `/rtc/validate` after a refusal). */
export interface RtcAttempt {
  path: string;
  accessToken: string | null;
}

export class LiveKitServer extends ScriptedHttpServer {
  readonly rooms = new Map<string, FakeRoom>();
  /** Every `livekit-client` connection attempt; the fake refuses them (it carries no media). */
  readonly rtcAttempts: RtcAttempt[] = [];

  constructor(
    readonly apiKey: string,
    private readonly apiSecret: string,
  ) {
    super((request) => this.handle(request));
    this.server.on('upgrade', (request: http.IncomingMessage, socket: Duplex) => {
      const url = new URL(request.url ?? '/', 'http://fake');
      this.rtcAttempts.push({ path: url.pathname, accessToken: url.searchParams.get('access_token') });
      socket.end('HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    });
  }

  /** The claims of an access token a browser presented, verified as LiveKit would (API key and secret). */
  async accessClaims(token: string): Promise<Record<string, unknown>> {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(this.apiSecret), {
      algorithms: ['HS256'],
      issuer: this.apiKey,
    });
    return payload as Record<string, unknown>;
  }

  private async grant(request: FakeRequest): Promise<VideoGrant | null> {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!token) return null;
    try {
      const { payload } = await jwtVerify(token, new TextEncoder().encode(this.apiSecret), {
        algorithms: ['HS256'],
        issuer: this.apiKey,
        requiredClaims: ['exp'],
      });
      return (payload.video as VideoGrant | undefined) ?? {};
    } catch {
      return null;
    }
  }

  private async handle(request: FakeRequest): Promise<FakeAnswer> {
    if (request.path.startsWith('/rtc')) {
      const url = new URL(request.path, 'http://fake');
      this.rtcAttempts.push({ path: url.pathname, accessToken: url.searchParams.get('access_token') });
      return { status: 503, body: { error: 'this fake carries no media' } };
    }
    const grant = await this.grant(request);
    if (!grant) return twirpError(401, 'unauthenticated', 'invalid token');
    const body = JSON.parse(request.body || '{}') as Record<string, unknown>;
    switch (request.path) {
      case '/twirp/livekit.RoomService/CreateRoom': {
        if (!grant.roomCreate) return twirpError(403, 'permission_denied', 'requires roomCreate');
        const name = String(body.name ?? '');
        const room = this.rooms.get(name) ?? {
          sid: `RM_${this.rooms.size + 1}`,
          name,
          emptyTimeout: Number(body.emptyTimeout ?? 0),
          maxParticipants: Number(body.maxParticipants ?? 0),
          creationTime: String(Math.floor(Date.now() / 1000)),
        };
        this.rooms.set(name, room);
        return { status: 200, body: room };
      }
      case '/twirp/livekit.RoomService/ListRooms': {
        if (!grant.roomList) return twirpError(403, 'permission_denied', 'requires roomList');
        const names = Array.isArray(body.names) ? (body.names as string[]) : [];
        return {
          status: 200,
          body: { rooms: [...this.rooms.values()].filter((room) => names.length === 0 || names.includes(room.name)) },
        };
      }
      default:
        return twirpError(404, 'bad_route', 'no such method');
    }
  }

  /** The `Authorization` header LiveKit puts on a webhook: a JWT carrying the body's SHA-256. */
  async signWebhook(body: string, secret = this.apiSecret): Promise<string> {
    const sha256 = createHash('sha256').update(body).digest('base64');
    return new SignJWT({ sha256, video: {} })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(this.apiKey)
      .setNotBefore('0s')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(secret));
  }

  override reset(): void {
    super.reset();
    this.rooms.clear();
  }
}
