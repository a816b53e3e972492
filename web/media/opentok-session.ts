/**
 * The OpenTok (Vonage Video API) MediaSession, with `@opentok/client` (bundled by our build, loaded only for
 * an OpenTok room): connect to the session with the join's token, publish the camera and microphone tracks
 * we already hold (`insertDefaultUI: false`: our grid shows the video), subscribe to every stream. Who is
 * who comes from each connection's data, which Loop sets to `{displayName, roomConnectionId}`; a shared
 * screen is a second publisher (`videoType: "screen"`); chat lines are `chat` signals.
 */
import OT from '@opentok/client';
import {
  chatLine,
  inboundVideos,
  upstreamOfReports,
  type MediaSession,
  type MediaSessionOptions,
  type PeerStats,
  type RemotePeer,
  type StreamKind,
  type UpstreamStats,
} from './media-session.ts';

/** At run time since OpenTok.js 2.17, but not in its typings. */
interface WithStatsReport {
  getRTCStatsReport?(): Promise<RTCStatsReport | Array<{ rtcStatsReport: RTCStatsReport }>>;
}

function peerOf(connection: OT.Connection): RemotePeer {
  try {
    const data = JSON.parse(connection.data) as { displayName?: unknown; roomConnectionId?: unknown };
    return {
      pid: typeof data.roomConnectionId === 'string' ? data.roomConnectionId : connection.connectionId,
      name: typeof data.displayName === 'string' ? data.displayName : 'Someone',
    };
  } catch {
    return { pid: connection.connectionId, name: 'Someone' };
  }
}

async function reportsOf(target: WithStatsReport): Promise<RTCStatsReport[]> {
  const result = await target.getRTCStatsReport?.().catch(() => undefined);
  if (!result) return [];
  return Array.isArray(result) ? result.map((entry) => entry.rtcStatsReport) : [result];
}

interface Remote {
  peer: RemotePeer;
  kind: StreamKind;
  subscriber: OT.Subscriber;
  streamId: string | null;
}

export class OpenTokSession implements MediaSession {
  private readonly session: OT.Session;
  private readonly peers = new Map<string, RemotePeer>();
  private readonly remotes = new Map<string, Remote>();
  private publisher: OT.Publisher | null = null;
  private screen: OT.Publisher | null = null;
  private over = false;

  constructor(private readonly options: MediaSessionOptions) {
    const { answer } = options;
    this.session = OT.initSession(answer.apiKey, answer.sessionId);
    this.listen();
    this.session.connect(answer.sessionToken, (error) => {
      if (error) return this.fail(error.message);
      this.publisher = this.publish(options.localStream.getVideoTracks()[0], options.localStream.getAudioTracks()[0]);
      options.handlers.onJoined(answer.roomConnectionId ?? '', [...this.peers.values()]);
    });
  }

  get peerCount(): number {
    return this.peers.size;
  }

  private publish(video: MediaStreamTrack | undefined, audio: MediaStreamTrack | undefined, screen = false) {
    const publisher = OT.initPublisher(undefined, {
      insertDefaultUI: false,
      videoSource: video ?? null,
      audioSource: audio ?? null,
      name: this.options.displayName,
      ...(screen ? { videoContentHint: 'detail' } : {}),
    } as OT.PublisherProperties);
    this.session.publish(publisher, (error) => {
      if (error && !screen) this.fail(error.message);
    });
    return publisher;
  }

  private listen(): void {
    const { handlers } = this.options;
    const mine = () => this.session.connection?.connectionId;
    this.session.on('connectionCreated', (event) => {
      if (event.connection.connectionId === mine()) return;
      const peer = peerOf(event.connection);
      this.peers.set(event.connection.connectionId, peer);
      handlers.onPeerJoined(peer, false);
    });
    this.session.on('connectionDestroyed', (event) => {
      const peer = this.peers.get(event.connection.connectionId);
      this.peers.delete(event.connection.connectionId);
      if (peer) handlers.onPeerLeft(peer, event.reason === 'networkDisconnected' ? 'disconnected' : 'bye');
    });
    this.session.on('streamCreated', (event) => {
      const peer = this.peers.get(event.stream.connection.connectionId) ?? peerOf(event.stream.connection);
      const kind: StreamKind = event.stream.videoType === 'screen' ? 'screen' : 'camera';
      const subscriber = this.session.subscribe(event.stream, undefined, { insertDefaultUI: false });
      const remote: Remote = { peer, kind, subscriber, streamId: null };
      this.remotes.set(event.stream.streamId, remote);
      subscriber.on('videoElementCreated', (created) => {
        const stream = (created.element as HTMLVideoElement).srcObject;
        if (!(stream instanceof MediaStream)) return;
        remote.streamId = stream.id;
        handlers.onStream(peer.pid, stream, kind);
      });
    });
    this.session.on('streamDestroyed', (event) => {
      const remote = this.remotes.get(event.stream.streamId);
      this.remotes.delete(event.stream.streamId);
      if (remote?.streamId) handlers.onStreamGone(remote.peer.pid, remote.streamId);
    });
    // Typed `signal` in OpenTok's typings; at run time a typed signal's event type is `signal:<type>`.
    this.session.on('signal', (event) => {
      if ((event.type as string) !== 'signal:chat' || !event.from || event.from.connectionId === mine()) return;
      const text = chatLine(event.data);
      if (text !== null) handlers.onChat(this.peers.get(event.from.connectionId) ?? peerOf(event.from), text);
    });
    this.session.on('sessionDisconnected', () => {
      if (this.over) return;
      this.over = true;
      handlers.onEnded({ kind: 'lost' });
    });
  }

  private fail(message: string): void {
    if (this.over) return;
    this.close();
    this.options.handlers.onEnded({
      kind: 'provider',
      message: `The video service refused the connection (${message}).`,
    });
  }

  sendChat(text: string): number {
    void this.session.signal({ type: 'chat', data: JSON.stringify({ type: 'chat', text }) });
    return this.peerCount;
  }

  shareScreen(stream: MediaStream): void {
    this.screen = this.publish(stream.getVideoTracks()[0], undefined, true);
  }

  stopScreen(): void {
    if (this.screen) this.session.unpublish(this.screen);
    this.screen = null;
  }

  async replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    if (!this.publisher || !track) return;
    if (kind === 'video') await this.publisher.setVideoSource(track as unknown as string);
    else await this.publisher.setAudioSource(track);
  }

  leave(): void {
    this.close();
  }

  close(): void {
    this.over = true;
    void this.session.disconnect();
  }

  async stats(): Promise<PeerStats[]> {
    const byPid = new Map<string, PeerStats>();
    for (const peer of this.peers.values())
      byPid.set(peer.pid, { ...peer, state: 'connected', signaling: 'stable', video: [] });
    for (const remote of this.remotes.values()) {
      const entry = byPid.get(remote.peer.pid);
      for (const report of await reportsOf(remote.subscriber as unknown as WithStatsReport))
        entry?.video.push(...inboundVideos(remote.kind, report));
    }
    return [...byPid.values()];
  }

  async upstream(): Promise<UpstreamStats> {
    const reports: RTCStatsReport[] = [];
    for (const publisher of [this.publisher, this.screen])
      if (publisher) reports.push(...(await reportsOf(publisher as unknown as WithStatsReport)));
    return upstreamOfReports(reports);
  }
}
