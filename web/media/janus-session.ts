/**
 * The Janus MediaSession: VideoRoom through a selective forwarding unit. This page joins the room as a
 * publisher with the token Loop gave it (the room's `allowed` list), sends its camera and microphone once,
 * and subscribes to each other publisher on its own handle, passing the `private_id` its publisher join
 * answered (Loop's rooms require it). Who is who travels in each publisher's `display`: `{pid, name, kind}`.
 * A shared screen is a second publisher of this page (`kind: "screen"`); chat lines go on the publisher's
 * data channel, which Janus forwards to every subscriber.
 */
import { gatheredDescription, JanusConnection, type JanusHandle, type PluginEvent } from './janus-api.ts';
import {
  chatLine,
  inboundVideo,
  upstreamOf,
  type MediaSession,
  type MediaSessionOptions,
  type PeerStats,
  type StreamKind,
  type UpstreamStats,
} from './media-session.ts';

const VIDEOROOM = 'janus.plugin.videoroom';

interface Display {
  pid: string;
  name: string;
  kind: StreamKind;
}

interface Feed {
  id: number;
  display: Display;
  handle: JanusHandle | null;
  pc: RTCPeerConnection | null;
  stream: MediaStream;
}

interface Publishing {
  handle: JanusHandle;
  pc: RTCPeerConnection;
  channel: RTCDataChannel | null;
}

function parseDisplay(raw: unknown): Display | null {
  if (typeof raw !== 'string') return null;
  try {
    const value = JSON.parse(raw) as Partial<Display>;
    if (typeof value.pid !== 'string' || typeof value.name !== 'string') return null;
    return { pid: value.pid, name: value.name, kind: value.kind === 'screen' ? 'screen' : 'camera' };
  } catch {
    return null;
  }
}

function publishersOf(data: Record<string, unknown>): Array<{ id: number; display: Display }> {
  const list = Array.isArray(data.publishers) ? (data.publishers as Array<Record<string, unknown>>) : [];
  return list.flatMap((p) => {
    const display = parseDisplay(p.display);
    return typeof p.id === 'number' && display ? [{ id: p.id, display }] : [];
  });
}

export class JanusSession implements MediaSession {
  private readonly connection: JanusConnection;
  private readonly room: number;
  private readonly pid: string;
  private readonly feeds = new Map<number, Feed>();
  private camera: Publishing | null = null;
  private screen: Publishing | null = null;
  private privateId: number | null = null;
  private over = false;

  constructor(private readonly options: MediaSessionOptions) {
    const { answer } = options;
    this.connection = new JanusConnection(answer.janusUrl ?? '', answer.sessionToken);
    this.connection.onLost = () => this.end();
    this.room = answer.janusRoom ?? 0;
    this.pid = answer.roomConnectionId ?? crypto.randomUUID();
    void this.start().catch((error: unknown) => {
      if (this.over) return;
      this.close();
      options.handlers.onEnded({
        kind: 'provider',
        message: `The video server refused the connection (${error instanceof Error ? error.message : 'error'}).`,
      });
    });
  }

  get peerCount(): number {
    return new Set([...this.feeds.values()].map((feed) => feed.display.pid)).size;
  }

  private async start(): Promise<void> {
    await this.connection.open();
    const { handle, joined } = await this.join('camera');
    this.privateId = typeof joined.data.private_id === 'number' ? joined.data.private_id : null;
    handle.onEvent = (event) => this.onPublisherEvent(event);
    handle.onHangup = () => this.end();
    this.camera = await this.publish(handle, this.options.localStream, true);
    const existing = publishersOf(joined.data);
    this.options.handlers.onJoined(
      this.pid,
      existing.filter((p) => p.display.kind === 'camera').map((p) => ({ pid: p.display.pid, name: p.display.name })),
    );
    for (const publisher of existing) this.subscribe(publisher.id, publisher.display);
  }

  /** Joins the room as a publisher with Loop's token; the handle and the `joined` answer. */
  private async join(kind: StreamKind): Promise<{ handle: JanusHandle; joined: PluginEvent }> {
    const handle = await this.connection.attach(VIDEOROOM);
    const display: Display = { pid: this.pid, name: this.options.displayName, kind };
    const joined = await handle.message({
      request: 'join',
      ptype: 'publisher',
      room: this.room,
      display: JSON.stringify(display),
      token: this.options.answer.sessionToken,
    });
    return { handle, joined };
  }

  /** One PeerConnection sending `stream`'s tracks (and the chat channel for the camera publisher). */
  private async publish(handle: JanusHandle, stream: MediaStream, withChat: boolean): Promise<Publishing> {
    const pc = new RTCPeerConnection({ iceServers: this.options.answer.iceServers ?? [] });
    for (const track of stream.getTracks()) pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
    const channel = withChat ? pc.createDataChannel('loop') : null;
    await pc.setLocalDescription(await pc.createOffer());
    const jsep = await gatheredDescription(pc);
    const answer = await handle.message(
      { request: 'publish', audio: stream.getAudioTracks().length > 0, video: stream.getVideoTracks().length > 0 },
      jsep,
    );
    if (!answer.jsep) throw new Error('no answer to our offer');
    await pc.setRemoteDescription(answer.jsep);
    return { handle, pc, channel };
  }

  private onPublisherEvent({ data }: PluginEvent): void {
    for (const publisher of publishersOf(data)) {
      const known = [...this.feeds.values()].some((feed) => feed.display.pid === publisher.display.pid);
      if (publisher.display.kind === 'camera')
        this.options.handlers.onPeerJoined({ pid: publisher.display.pid, name: publisher.display.name }, known);
      this.subscribe(publisher.id, publisher.display);
    }
    for (const key of ['unpublished', 'leaving'] as const) {
      const id = data[key];
      if (typeof id === 'number') this.dropFeed(id);
    }
  }

  /** A subscriber handle for one feed: Janus offers, this page answers and starts. */
  private subscribe(id: number, display: Display): void {
    if (this.over || this.feeds.has(id) || display.pid === this.pid) return;
    const feed: Feed = { id, display, handle: null, pc: null, stream: new MediaStream() };
    this.feeds.set(id, feed);
    void this.startFeed(feed).catch(() => this.dropFeed(id));
  }

  private async startFeed(feed: Feed): Promise<void> {
    const handle = await this.connection.attach(VIDEOROOM);
    feed.handle = handle;
    if (this.feeds.get(feed.id) !== feed) return handle.detach();
    const attached = await handle.message({
      request: 'join',
      ptype: 'subscriber',
      room: this.room,
      streams: [{ feed: feed.id }],
      private_id: this.privateId,
    });
    if (!attached.jsep) throw new Error('no offer for the subscription');
    const pc = new RTCPeerConnection({ iceServers: this.options.answer.iceServers ?? [] });
    feed.pc = pc;
    pc.addEventListener('track', (event) => {
      feed.stream.addTrack(event.track);
      if (event.track.kind === 'video')
        this.options.handlers.onStream(feed.display.pid, feed.stream, feed.display.kind);
    });
    pc.addEventListener('datachannel', (event) => {
      event.channel.addEventListener('message', (message) => this.onChat(feed, message.data));
    });
    await pc.setRemoteDescription(attached.jsep);
    // Janus relays a publisher's data only to subscribers whose data channel is "ready", which its SCTP
    // stack notes when the first channel on that association opens, never for the association alone. The
    // publisher's channel reaches us only once Janus relays a message on it, so this page opens one of its
    // own (unused) on every subscription that negotiates data: without it no chat line ever arrives.
    if (/^m=application /m.test(attached.jsep.sdp)) pc.createDataChannel('loop-subscriber');
    await pc.setLocalDescription(await pc.createAnswer());
    await handle.message({ request: 'start', room: this.room }, await gatheredDescription(pc));
  }

  private onChat(feed: Feed, raw: unknown): void {
    const text = chatLine(raw);
    if (text !== null) this.options.handlers.onChat({ pid: feed.display.pid, name: feed.display.name }, text);
  }

  private dropFeed(id: number): void {
    const feed = this.feeds.get(id);
    if (!feed) return;
    this.feeds.delete(id);
    feed.pc?.close();
    feed.handle?.detach();
    const { pid, name } = feed.display;
    this.options.handlers.onStreamGone(pid, feed.stream.id);
    const stillHere = [...this.feeds.values()].some((other) => other.display.pid === pid);
    if (feed.display.kind === 'camera' && !stillHere) this.options.handlers.onPeerLeft({ pid, name }, 'bye');
  }

  sendChat(text: string): number {
    const channel = this.camera?.channel;
    if (!channel || channel.readyState !== 'open') return 0;
    channel.send(JSON.stringify({ type: 'chat', text }));
    return this.peerCount;
  }

  shareScreen(stream: MediaStream): void {
    void (async () => {
      const { handle } = await this.join('screen');
      this.screen = await this.publish(handle, stream, false);
    })().catch(() => undefined);
  }

  stopScreen(): void {
    this.screen?.handle.detach();
    this.screen?.pc.close();
    this.screen = null;
  }

  async replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    const sender = this.camera?.pc.getSenders().find((s) => s.track?.kind === kind);
    await sender?.replaceTrack(track);
  }

  leave(): void {
    this.close(true);
  }

  close(keepalive = false): void {
    if (this.over) return;
    this.over = true;
    for (const feed of this.feeds.values()) feed.pc?.close();
    this.feeds.clear();
    this.camera?.pc.close();
    this.screen?.pc.close();
    // Destroying the Janus session leaves the room: the others hear `leaving` at once.
    this.connection.close(keepalive);
  }

  private end(): void {
    if (this.over) return;
    this.close();
    this.options.handlers.onEnded({ kind: 'lost' });
  }

  async stats(): Promise<PeerStats[]> {
    const byPid = new Map<string, PeerStats>();
    for (const feed of this.feeds.values()) {
      const { pid, name } = feed.display;
      const entry = byPid.get(pid) ?? { pid, name, state: 'new', signaling: 'stable', video: [] };
      byPid.set(pid, entry);
      if (!feed.pc) continue;
      if (feed.display.kind === 'camera') {
        entry.state = feed.pc.connectionState;
        entry.signaling = feed.pc.signalingState;
      }
      (await feed.pc.getStats()).forEach((report: Record<string, unknown>) => {
        if (report.type !== 'inbound-rtp' || report.kind !== 'video') return;
        entry.video.push(inboundVideo(feed.display.kind, report));
      });
    }
    return [...byPid.values()];
  }

  upstream(): Promise<UpstreamStats> {
    return upstreamOf([this.camera?.pc, this.screen?.pc].filter((pc): pc is RTCPeerConnection => pc !== undefined));
  }
}
