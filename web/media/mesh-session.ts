/**
 * The built-in provider's MediaSession: a room's full mesh: the signalling socket (`signallingURL`, the room frames
 * of docs/realtime.md) and one MeshPeer per other participant. It turns what the relay and the peers say
 * into what the page shows: who is there, their camera and screen streams, chat lines, and why it ended.
 */
import {
  parseSignallingServerMessage,
  type RoomPeer,
  type SignalData,
  type SignallingClientMessage,
} from '../shared/signalling-protocol.ts';
import type {
  MediaSession,
  MediaSessionHandlers,
  MediaSessionOptions,
  PeerStats,
  SessionEnd,
  StreamKind,
  UpstreamStats,
} from './media-session.ts';
import { inboundVideo, upstreamOf } from './media-session.ts';
import { MeshPeer, type PeerNote } from './mesh-peer.ts';

interface Remote {
  name: string;
  peer: MeshPeer;
  streams: Map<string, MediaStream>;
  screens: Set<string>;
  cameraId: string | null;
}

export class MeshSession implements MediaSession {
  private readonly socket: WebSocket;
  private readonly options: { iceServers: RTCIceServer[]; localStream: MediaStream; handlers: MediaSessionHandlers };
  private readonly remotes = new Map<string, Remote>();
  private myPid = '';
  private screen: MediaStream | null = null;
  private over = false;

  constructor({ answer, localStream, handlers }: MediaSessionOptions) {
    this.options = { iceServers: answer.iceServers ?? [], localStream, handlers };
    this.socket = new WebSocket(answer.signallingURL ?? '');
    this.socket.addEventListener('open', () => this.send({ type: 'join', token: answer.sessionToken }));
    this.socket.addEventListener('message', (event) => this.receive(String(event.data)));
    this.socket.addEventListener('close', () => this.end({ kind: 'lost' }));
  }

  get peerCount(): number {
    return this.remotes.size;
  }

  /** Sends a chat line to everyone connected; returns how many received it. */
  sendChat(text: string): number {
    let sent = 0;
    for (const remote of this.remotes.values()) if (remote.peer.note({ type: 'chat', text })) sent += 1;
    return sent;
  }

  shareScreen(stream: MediaStream): void {
    this.screen = stream;
    for (const remote of this.remotes.values()) remote.peer.shareScreen(stream);
  }

  stopScreen(): void {
    this.screen = null;
    for (const remote of this.remotes.values()) remote.peer.stopScreen();
  }

  async replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    await Promise.all([...this.remotes.values()].map((remote) => remote.peer.replaceTrack(kind, track)));
  }

  /** Leaving on purpose: the others hear `bye` at once. */
  leave(): void {
    this.send({ type: 'bye' });
    this.close();
  }

  /** Stops everything without telling anyone (the relay says `disconnected`). */
  close(): void {
    this.over = true;
    for (const remote of this.remotes.values()) remote.peer.close();
    this.remotes.clear();
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING)
      this.socket.close(1000);
  }

  async stats(): Promise<PeerStats[]> {
    return Promise.all(
      [...this.remotes].map(async ([pid, remote]) => {
        const kinds = new Map<string, StreamKind>();
        for (const stream of remote.streams.values())
          for (const track of stream.getTracks()) kinds.set(track.id, this.kindOf(remote, stream.id));
        const video: PeerStats['video'] = [];
        (await remote.peer.getStats()).forEach((report: Record<string, unknown>) => {
          if (report.type !== 'inbound-rtp' || report.kind !== 'video') return;
          video.push(inboundVideo(kinds.get(String(report.trackIdentifier)) ?? 'camera', report));
        });
        const { connectionState: state, signalingState: signaling } = remote.peer.pc;
        return { pid, name: remote.name, state, signaling, video };
      }),
    );
  }

  upstream(): Promise<UpstreamStats> {
    return upstreamOf([...this.remotes.values()].map((remote) => remote.peer.pc));
  }

  private send(message: SignallingClientMessage): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private receive(raw: string): void {
    const message = parseSignallingServerMessage(raw);
    if (!message || this.over) return;
    const { handlers } = this.options;
    switch (message.type) {
      case 'room-joined':
        this.myPid = message.pid;
        for (const peer of message.peers) this.connect(peer);
        handlers.onJoined(message.pid, message.peers);
        return;
      case 'participant-joined': {
        const again = this.remotes.has(message.pid);
        this.connect({ pid: message.pid, name: message.name });
        handlers.onPeerJoined({ pid: message.pid, name: message.name }, again);
        return;
      }
      case 'participant-left': {
        const remote = this.remotes.get(message.pid);
        if (!remote) return;
        this.disconnect(message.pid, remote);
        handlers.onPeerLeft({ pid: message.pid, name: remote.name }, message.reason);
        return;
      }
      case 'signal':
        // Signals from somebody the relay has not announced are not ours to answer.
        if (message.from) this.remotes.get(message.from)?.peer.receive(message.data);
        return;
      case 'error':
        // `no-peer`: a candidate for somebody who just left; harmless.
        if (message.reason !== 'no-peer') this.end({ kind: 'error', reason: message.reason });
        return;
      default:
        return;
    }
  }

  /** A peer connection to `peer` (a fresh one if a previous connection of it is still here). */
  private connect(peer: RoomPeer): void {
    const previous = this.remotes.get(peer.pid);
    if (previous) this.disconnect(peer.pid, previous);
    const remote: Remote = {
      name: peer.name,
      streams: new Map(),
      screens: new Set(),
      cameraId: null,
      peer: new MeshPeer({
        myPid: this.myPid,
        pid: peer.pid,
        iceServers: this.options.iceServers,
        localStream: this.options.localStream,
        screenStream: this.screen,
        signal: (data: SignalData) => this.send({ type: 'signal', to: peer.pid, data }),
        onTrack: (stream) => this.onTrack(peer.pid, remote, stream),
        onNote: (note) => this.onNote(peer.pid, remote, note),
        onConnectionState: (state) => {
          // A network change: try new candidates before giving up (perfect negotiation re-offers).
          if (state === 'failed') remote.peer.pc.restartIce();
        },
      }),
    };
    this.remotes.set(peer.pid, remote);
  }

  private disconnect(pid: string, remote: Remote): void {
    remote.peer.close();
    this.remotes.delete(pid);
    for (const id of remote.streams.keys()) this.options.handlers.onStreamGone(pid, id);
  }

  private kindOf(remote: Remote, streamId: string): StreamKind {
    if (remote.screens.has(streamId)) return 'screen';
    // Camera tracks are added before any screen, so a peer's first stream is its camera.
    remote.cameraId ??= streamId;
    return remote.cameraId === streamId ? 'camera' : 'screen';
  }

  private onTrack(pid: string, remote: Remote, stream: MediaStream): void {
    if (this.remotes.get(pid) !== remote) return;
    remote.streams.set(stream.id, stream);
    stream.addEventListener('removetrack', () => {
      if (stream.getTracks().length === 0 && remote.streams.delete(stream.id))
        this.options.handlers.onStreamGone(pid, stream.id);
    });
    this.options.handlers.onStream(pid, stream, this.kindOf(remote, stream.id));
  }

  private onNote(pid: string, remote: Remote, note: PeerNote): void {
    if (this.remotes.get(pid) !== remote) return;
    const { handlers } = this.options;
    if (note.type === 'chat') return handlers.onChat({ pid, name: remote.name }, note.text);
    if (note.type === 'screen') {
      remote.screens.add(note.streamId);
      if (remote.cameraId === note.streamId) remote.cameraId = null;
      const stream = remote.streams.get(note.streamId);
      if (stream) handlers.onStream(pid, stream, 'screen');
      return;
    }
    remote.screens.delete(note.streamId);
    if (remote.streams.delete(note.streamId)) handlers.onStreamGone(pid, note.streamId);
  }

  private end(end: SessionEnd): void {
    if (this.over) return;
    this.close();
    this.options.handlers.onEnded(end);
  }
}
