/**
 * One room's media, whatever the provider: joining (connect, publish the camera and microphone, subscribe
 * to everyone else), screen sharing, chat, leaving, and events for who is there and which streams arrive.
 * The room page speaks only this interface; `open-media-session.ts` picks the implementation from the join
 * answer's `provider`: built-in (a full mesh over Loop's relay), Janus (VideoRoom over its HTTP API),
 * LiveKit (`livekit-client`) or OpenTok (`@opentok/client`), each bundled by our build.
 */
import type { RoomLeftReason, SignallingErrorReason } from '../shared/signalling-protocol.ts';

export type StreamKind = 'camera' | 'screen';

/** Somebody in the room: `pid` is their `roomConnectionId` (the relay's pid for the mesh). */
export interface RemotePeer {
  pid: string;
  name: string;
}

/**
 * Why the session stopped: the connection was lost (the page retries), or it was ended with a reason (the
 * relay's error reasons; `provider` when another provider refused or dropped us, with its own words).
 */
export type SessionEnd =
  { kind: 'lost' } | { kind: 'error'; reason: SignallingErrorReason } | { kind: 'provider'; message: string };

export interface MediaSessionHandlers {
  /** Connected and publishing; `peers`: who was already there. */
  onJoined(pid: string, peers: RemotePeer[]): void;
  /** `again`: a new connection of somebody already here (their page reloaded). */
  onPeerJoined(peer: RemotePeer, again: boolean): void;
  onPeerLeft(peer: RemotePeer, reason: RoomLeftReason): void;
  onStream(pid: string, stream: MediaStream, kind: StreamKind): void;
  onStreamGone(pid: string, streamId: string): void;
  onChat(from: RemotePeer, text: string): void;
  onEnded(end: SessionEnd): void;
}

/** What `window.loopRoomStats()` returns per remote peer (docs/webapp.md): inbound video, per stream kind. */
export interface PeerStats {
  pid: string;
  name: string;
  state: RTCPeerConnectionState;
  signaling: RTCSignalingState;
  video: Array<{
    kind: StreamKind;
    framesDecoded: number;
    frameWidth: number;
    frameHeight: number;
    /** `totalDecodeTime`: seconds spent decoding this stream so far (the bench's CPU measure). */
    decodeSeconds: number;
  }>;
}

/** This page's upstream: what it sends, for `window.loopRoomUpstream()` (tests and the bench). */
export interface UpstreamStats {
  /** Distinct video tracks sent (simulcast layers of one track count once). */
  videoTracks: number;
  /** Outbound video streams (one per peer in a mesh, one per simulcast layer through an SFU). */
  videoStreams: number;
  /** Bytes sent so far by every outbound RTP stream, video and audio. */
  bytesSent: number;
  /** `totalEncodeTime` of every outbound video stream: seconds spent encoding so far. */
  encodeSeconds: number;
}

export interface MediaSession {
  /** How many others are connected (chat needs at least one). */
  readonly peerCount: number;
  /** Sends a chat line to everyone; returns how many it went to (the SFUs: everyone, counted as peers). */
  sendChat(text: string): number;
  shareScreen(stream: MediaStream): void;
  stopScreen(): void;
  /** A device switch: the new track replaces the old for everyone. */
  replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void>;
  /** Leaving on purpose: the others hear of it at once. */
  leave(): void;
  /** Stops everything without telling anyone. */
  close(): void;
  stats(): Promise<PeerStats[]>;
  upstream(): Promise<UpstreamStats>;
}

/** The join answer's fields the implementations read (the provider's extras included). */
export interface MediaJoinAnswer {
  provider?: string;
  apiKey: string;
  sessionId: string;
  sessionToken: string;
  roomConnectionId?: string;
  iceServers?: RTCIceServer[];
  signallingURL?: string;
  janusUrl?: string;
  janusRoom?: number;
  livekitUrl?: string;
}

export interface MediaSessionOptions {
  answer: MediaJoinAnswer;
  displayName: string;
  localStream: MediaStream;
  handlers: MediaSessionHandlers;
}

/** Sums the outbound RTP of some peer connections into an UpstreamStats. */
export async function upstreamOf(connections: Iterable<RTCPeerConnection>): Promise<UpstreamStats> {
  return upstreamOfReports(await Promise.all([...connections].map((pc) => pc.getStats())));
}

/** The same from stats reports (an SDK that hides its peer connections gives those). */
export function upstreamOfReports(reports: Iterable<RTCStatsReport>): UpstreamStats {
  const tracks = new Set<string>();
  let videoStreams = 0;
  let bytesSent = 0;
  let encodeSeconds = 0;
  for (const report of reports) {
    const sources = new Map<string, string>();
    report.forEach((entry: Record<string, unknown>) => {
      if (entry.type === 'media-source' && entry.kind === 'video')
        sources.set(String(entry.id), String(entry.trackIdentifier));
    });
    report.forEach((entry: Record<string, unknown>) => {
      if (entry.type !== 'outbound-rtp') return;
      bytesSent += Number(entry.bytesSent ?? 0);
      if (entry.kind !== 'video') return;
      videoStreams += 1;
      encodeSeconds += Number(entry.totalEncodeTime ?? 0);
      // A track sent to several peers (mesh) is one track; simulcast layers share one media source.
      tracks.add(sources.get(String(entry.mediaSourceId)) ?? String(entry.mediaSourceId ?? entry.mid));
    });
  }
  return { videoTracks: tracks.size, videoStreams, bytesSent, encodeSeconds };
}

/** The inbound video reports of a stats report, as PeerStats lists them. */
export function inboundVideos(kind: StreamKind, report: RTCStatsReport | undefined): PeerStats['video'] {
  const videos: PeerStats['video'] = [];
  report?.forEach((entry: Record<string, unknown>) => {
    if (entry.type === 'inbound-rtp' && entry.kind === 'video') videos.push(inboundVideo(kind, entry));
  });
  return videos;
}

/** A chat line as the SFU sessions send it on their data channels: `{"type": "chat", "text"}`. */
export function chatLine(raw: unknown): string | null {
  const text = typeof raw === 'string' ? raw : raw instanceof Uint8Array ? new TextDecoder().decode(raw) : null;
  if (text === null || text.length > 8000) return null;
  try {
    const note = JSON.parse(text) as { type?: unknown; text?: unknown };
    return note.type === 'chat' && typeof note.text === 'string' ? note.text.slice(0, 2000) : null;
  } catch {
    return null;
  }
}

/** One inbound video report of getStats, as PeerStats lists it. */
export function inboundVideo(kind: StreamKind, report: Record<string, unknown>): PeerStats['video'][number] {
  return {
    kind,
    framesDecoded: Number(report.framesDecoded ?? 0),
    frameWidth: Number(report.frameWidth ?? 0),
    frameHeight: Number(report.frameHeight ?? 0),
    decodeSeconds: Number(report.totalDecodeTime ?? 0),
  };
}
