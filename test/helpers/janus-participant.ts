/**
 * What a browser does with the credential Loop hands it, over Janus's plain HTTP API: open a Janus session
 * with the token (`token_auth`), attach VideoRoom, and ask to join a room with the token in the join request
 * (VideoRoom's `allowed` list). No media: admission is what these tests are about.
 */
import { randomBytes } from 'node:crypto';

interface JanusMessage {
  janus: string;
  transaction?: string;
  data?: { id?: number };
  error?: { code: number; reason: string };
  plugindata?: { data?: Record<string, unknown> };
}

/** The outcome of one step: Janus's or VideoRoom's error code, or the answer's data. */
export type Outcome = { ok: true; data: Record<string, unknown> } | { ok: false; code: number; reason: string };

export class JanusParticipant {
  private session = 0;
  private handle = 0;

  /** `token` is sent as the Janus-level token; null sends none (a stranger). */
  constructor(
    private readonly url: string,
    private readonly token: string | null,
  ) {}

  private auth(): Record<string, string> {
    return this.token === null ? {} : { token: this.token };
  }

  private async post(path: string, body: Record<string, unknown>): Promise<JanusMessage> {
    const response = await fetch(`${this.url}${path}`, {
      method: 'POST',
      body: JSON.stringify({ ...body, ...this.auth(), transaction: randomBytes(6).toString('hex') }),
    });
    return (await response.json()) as JanusMessage;
  }

  /** Creates the Janus session and attaches VideoRoom; a refused credential answers Janus's error (403). */
  async open(): Promise<Outcome> {
    const created = await this.post('', { janus: 'create' });
    if (created.janus === 'error')
      return { ok: false, code: created.error?.code ?? 0, reason: created.error?.reason ?? '' };
    this.session = created.data?.id ?? 0;
    const attached = await this.post(`/${this.session}`, { janus: 'attach', plugin: 'janus.plugin.videoroom' });
    if (attached.janus === 'error')
      return { ok: false, code: attached.error?.code ?? 0, reason: attached.error?.reason ?? '' };
    this.handle = attached.data?.id ?? 0;
    return { ok: true, data: {} };
  }

  /**
   * Sends a VideoRoom request. Synchronous ones (`exists`, `destroy`, `allowed`…) answer at once; `join`
   * answers `ack` and its result comes on the session's event long-poll.
   */
  async request(body: Record<string, unknown>): Promise<Outcome> {
    const transaction = randomBytes(6).toString('hex');
    const response = await fetch(`${this.url}/${this.session}/${this.handle}`, {
      method: 'POST',
      body: JSON.stringify({ janus: 'message', body, ...this.auth(), transaction }),
    });
    let reply = (await response.json()) as JanusMessage;
    if (reply.janus === 'ack') reply = await this.eventFor(transaction);
    if (reply.janus === 'error') return { ok: false, code: reply.error?.code ?? 0, reason: reply.error?.reason ?? '' };
    const data = reply.plugindata?.data ?? {};
    if (typeof data.error_code === 'number') return { ok: false, code: data.error_code, reason: String(data.error) };
    return { ok: true, data };
  }

  /** Joins `room` as a publisher, with `joinToken` in the request (the participant's own token by default). */
  join(room: number, joinToken: string | null = this.token, display = 'tester'): Promise<Outcome> {
    return this.request({
      request: 'join',
      ptype: 'publisher',
      room,
      display,
      ...(joinToken === null ? {} : { token: joinToken }),
    });
  }

  private async eventFor(transaction: string): Promise<JanusMessage> {
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      const query = new URLSearchParams({ maxev: '10', ...this.auth() });
      const response = await fetch(`${this.url}/${this.session}?${query.toString()}`);
      const events = (await response.json()) as JanusMessage | JanusMessage[];
      for (const event of Array.isArray(events) ? events : [events])
        if (event.transaction === transaction && event.janus !== 'ack') return event;
    }
    throw new Error(`no answer to transaction ${transaction} within 5 s`);
  }

  async close(): Promise<void> {
    if (this.session === 0) return;
    await this.post(`/${this.session}`, { janus: 'destroy' }).catch(() => undefined);
    this.session = 0;
  }
}
