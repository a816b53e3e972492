/**
 * A small typed client of Janus's plain HTTP API, as a page uses it (no `janus.js`: it would be a second
 * copy of what the page needs, and it loads adapter shims we do not want). One Janus session, opened with
 * the participant's token (`token_auth`), kept alive and fed by one long poll; handles attached to a plugin;
 * requests answered either at once (`success`) or by an event carrying their transaction (`ack` first).
 */

export interface Jsep {
  type: RTCSdpType;
  sdp: string;
}

/** What a plugin says: its `plugindata.data`, and a JSEP offer or answer when one comes with it. */
export interface PluginEvent {
  data: Record<string, unknown>;
  jsep?: Jsep;
}

interface JanusMessage {
  janus: string;
  transaction?: string;
  session_id?: number;
  sender?: number;
  data?: { id?: number };
  error?: { code: number; reason: string };
  plugindata?: { plugin: string; data: Record<string, unknown> };
  jsep?: Jsep;
}

export class JanusRequestError extends Error {
  constructor(
    readonly code: number,
    reason: string,
  ) {
    super(`Janus: ${reason} (${code})`);
  }
}

const transactionId = () => crypto.randomUUID();
const LONG_POLL_FAILURES = 3;

export class JanusHandle {
  /** Unsolicited plugin events (new publishers, someone leaving…). */
  onEvent: (event: PluginEvent) => void = () => undefined;
  /** The PeerConnection of this handle is gone at Janus (`hangup`, `detached`). */
  onHangup: () => void = () => undefined;

  constructor(
    private readonly connection: JanusConnection,
    readonly id: number,
  ) {}

  /** A plugin request; answered by its `success` or by the event bearing its transaction. */
  async message(body: Record<string, unknown>, jsep?: Jsep): Promise<PluginEvent> {
    const reply = await this.connection.send(`/${this.id}`, { janus: 'message', body, ...(jsep ? { jsep } : {}) });
    const data = reply.plugindata?.data ?? {};
    if (typeof data.error_code === 'number') throw new JanusRequestError(data.error_code, String(data.error));
    return reply.jsep ? { data, jsep: reply.jsep } : { data };
  }

  detach(): void {
    void this.connection.send(`/${this.id}`, { janus: 'detach' }).catch(() => undefined);
  }

  /** @internal routed by the connection. */
  dispatch(message: JanusMessage): void {
    if (message.janus === 'event' && message.plugindata) {
      this.onEvent(
        message.jsep ? { data: message.plugindata.data, jsep: message.jsep } : { data: message.plugindata.data },
      );
    } else if (message.janus === 'hangup' || message.janus === 'detached') this.onHangup();
  }
}

export class JanusConnection {
  private sessionId = 0;
  private readonly handles = new Map<number, JanusHandle>();
  private readonly waiting = new Map<string, (message: JanusMessage) => void>();
  private polling = false;
  /** The long poll failed repeatedly, or the session is gone at Janus. */
  onLost: () => void = () => undefined;

  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  async open(): Promise<void> {
    const reply = await this.post('', { janus: 'create' });
    this.sessionId = reply.data?.id ?? 0;
    this.polling = true;
    void this.poll();
  }

  async attach(plugin: string): Promise<JanusHandle> {
    const reply = await this.send('', { janus: 'attach', plugin });
    const handle = new JanusHandle(this, reply.data?.id ?? 0);
    this.handles.set(handle.id, handle);
    return handle;
  }

  /** Ends the Janus session (every handle with it: the others see us leave). */
  close(keepalive = false): void {
    if (!this.polling) return;
    this.polling = false;
    for (const resolve of this.waiting.values()) resolve({ janus: 'error', error: { code: 0, reason: 'closed' } });
    this.waiting.clear();
    void this.post('', { janus: 'destroy' }, keepalive).catch(() => undefined);
  }

  /** @internal A request on the session (path: `/{handle}` or ''); waits for the event when Janus acks. */
  async send(path: string, body: Record<string, unknown>): Promise<JanusMessage> {
    const transaction = transactionId();
    const answered = new Promise<JanusMessage>((resolve) => this.waiting.set(transaction, resolve));
    const reply = await this.post(`/${this.sessionId}${path}`, body, false, transaction);
    const final = reply.janus === 'ack' ? await answered : reply;
    this.waiting.delete(transaction);
    if (final.janus === 'error') throw new JanusRequestError(final.error?.code ?? 0, final.error?.reason ?? 'error');
    return final;
  }

  private async post(
    path: string,
    body: Record<string, unknown>,
    keepalive = false,
    transaction = transactionId(),
  ): Promise<JanusMessage> {
    const response = await fetch(`${this.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, token: this.token, transaction }),
      keepalive,
    });
    const message = (await response.json()) as JanusMessage;
    if (message.janus === 'error' && path === '')
      throw new JanusRequestError(message.error?.code ?? 0, message.error?.reason ?? 'error');
    return message;
  }

  /** The long poll: every event of the session, routed to its transaction or its handle; keeps it alive. */
  private async poll(): Promise<void> {
    let failures = 0;
    while (this.polling) {
      try {
        const query = new URLSearchParams({ maxev: '10', token: this.token, rid: String(Date.now()) });
        const response = await fetch(`${this.url}/${this.sessionId}?${query.toString()}`);
        const events = (await response.json()) as JanusMessage | JanusMessage[];
        failures = 0;
        for (const event of Array.isArray(events) ? events : [events]) this.route(event);
      } catch {
        failures += 1;
        if (failures >= LONG_POLL_FAILURES && this.polling) {
          this.close();
          this.onLost();
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  private route(event: JanusMessage): void {
    if (event.janus === 'keepalive' || event.janus === 'ack') return;
    if (event.janus === 'error' && event.error?.code === 458 /* no such session */) {
      this.polling = false;
      this.onLost();
      return;
    }
    const waiter = event.transaction ? this.waiting.get(event.transaction) : undefined;
    if (waiter) return waiter(event);
    if (event.sender !== undefined) this.handles.get(event.sender)?.dispatch(event);
  }
}

/** Gathers every ICE candidate first (host candidates come in milliseconds), so no trickle is needed. */
export async function gatheredDescription(pc: RTCPeerConnection, timeoutMs = 3000): Promise<Jsep> {
  if (pc.iceGatheringState !== 'complete') {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  }
  const description = pc.localDescription;
  if (!description) throw new Error('no local description');
  return { type: description.type, sdp: description.sdp };
}
