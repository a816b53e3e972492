/**
 * VideoRoom's room management over the Janus HTTP API, authenticated with the API secret: each operation
 * opens a Janus session, attaches the plugin, sends its synchronous requests and destroys the session, so
 * Loop keeps no Janus state between requests (any instance can manage any room).
 */
import { JanusError, janusPost, replyId } from './janus-http.ts';

export const VIDEOROOM_PLUGIN = 'janus.plugin.videoroom';

/** VideoRoom's error codes Loop acts upon (janus_videoroom.c). */
export const NO_SUCH_ROOM = 426;
export const ROOM_EXISTS = 427;

export interface JanusApiOptions {
  /** The HTTP API, e.g. `http://127.0.0.1:8088/janus`. */
  url: string;
  apiSecret: string;
  timeoutMs: number;
}

/** Sends one VideoRoom request and returns its `plugindata.data`; a plugin error becomes a JanusError. */
export type VideoRoomRequest = (body: Record<string, unknown>) => Promise<Record<string, unknown>>;

export interface RoomSettings {
  room: number;
  secret: string;
  description: string;
  /** Publishers at once: the room's size. */
  publishers: number;
  /** Tokens allowed to join; an empty list lets nobody in until tokens are added. */
  allowed: string[];
}

export interface ListedRoom {
  room: number;
  description: string;
  maxPublishers: number;
}

export class JanusVideoRoomClient {
  constructor(private readonly options: JanusApiOptions) {}

  private post(path: string, operation: string, body: Record<string, unknown>) {
    return janusPost(
      `${this.options.url}${path}`,
      operation,
      { ...body, apisecret: this.options.apiSecret },
      this.options.timeoutMs,
    );
  }

  /** Runs `work` on a fresh VideoRoom handle; the Janus session is destroyed afterwards, even on failure. */
  async withVideoRoom<T>(work: (request: VideoRoomRequest) => Promise<T>): Promise<T> {
    const session = replyId(await this.post('', 'create session', { janus: 'create' }), 'create session');
    try {
      const handle = replyId(
        await this.post(`/${session}`, 'attach', { janus: 'attach', plugin: VIDEOROOM_PLUGIN }),
        'attach',
      );
      return await work(async (body) => {
        const operation = `videoroom ${String(body.request)}`;
        const reply = await this.post(`/${session}/${handle}`, operation, { janus: 'message', body });
        const data = reply.plugindata?.data;
        if (!data) throw new JanusError(operation, 0, 'answer without plugin data');
        if (typeof data.error_code === 'number') {
          throw new JanusError(operation, data.error_code, typeof data.error === 'string' ? data.error : 'error');
        }
        return data;
      });
    } finally {
      // Best effort: an abandoned session times out in Janus anyway (session_timeout).
      await this.post(`/${session}`, 'destroy session', { janus: 'destroy' }).catch(() => undefined);
    }
  }

  /** `permanent: false`: the room lives in Janus's memory only, so nothing of Loop's is written to its disk. */
  createRoom(request: VideoRoomRequest, settings: RoomSettings): Promise<Record<string, unknown>> {
    return request({
      request: 'create',
      permanent: false,
      room: settings.room,
      secret: settings.secret,
      description: settings.description,
      publishers: settings.publishers,
      allowed: settings.allowed,
      // Subscribing does not check `allowed`: requiring the private id a publisher gets when it joins (with
      // an allowed token) keeps subscriptions to those already admitted.
      require_pvtid: true,
      // Listed (`list`): a room id admits nobody (the `allowed` list does), and Janus answers `exists` for any
      // guessed id anyway, while a listed room can be found and cleaned up by its description.
      is_private: false,
    });
  }

  /** Adds tokens to (or removes them from) the room's `allowed` list; answers the whole list. */
  async changeAllowed(
    request: VideoRoomRequest,
    room: number,
    secret: string,
    action: 'add' | 'remove',
    tokens: string[],
  ): Promise<string[]> {
    const data = await request({ request: 'allowed', room, secret, action, allowed: tokens });
    return Array.isArray(data.allowed) ? data.allowed.filter((t): t is string => typeof t === 'string') : [];
  }

  /** Every listed room (`list`): its id, description and size. */
  async listRooms(request: VideoRoomRequest): Promise<ListedRoom[]> {
    const data = await request({ request: 'list' });
    const list = Array.isArray(data.list) ? (data.list as Array<Record<string, unknown>>) : [];
    return list.flatMap((entry) =>
      typeof entry.room === 'number' && typeof entry.max_publishers === 'number'
        ? [
            {
              room: entry.room,
              description: typeof entry.description === 'string' ? entry.description : '',
              maxPublishers: entry.max_publishers,
            },
          ]
        : [],
    );
  }

  async destroyRoom(request: VideoRoomRequest, room: number, secret: string): Promise<void> {
    await request({ request: 'destroy', room, secret, permanent: false });
  }

  /** The plugin is loaded and the API secret accepted: a session is made, a handle attached, both dropped. */
  async check(): Promise<void> {
    await this.withVideoRoom(async () => undefined);
  }
}
