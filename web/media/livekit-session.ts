/**
 * The LiveKit MediaSession, with `livekit-client` (bundled by our build, loaded only for a LiveKit room):
 * connect to `livekitUrl` with the join's access token (identity = roomConnectionId, name = displayName),
 * publish the camera and microphone, and every remote track arrives by subscription. A shared screen is a
 * track of source ScreenShare; chat lines are reliable data packets.
 */
import {
  Room,
  RoomEvent,
  Track,
  type LocalTrackPublication,
  type RemoteParticipant,
  type RemoteTrack,
  type RemoteTrackPublication,
} from 'livekit-client';
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

const peerOf = (participant: RemoteParticipant): RemotePeer => ({
  pid: participant.identity,
  name: participant.name || 'Someone',
});
const kindOf = (publication: RemoteTrackPublication): StreamKind =>
  publication.source === Track.Source.ScreenShare ? 'screen' : 'camera';

export class LiveKitSession implements MediaSession {
  private readonly room = new Room({ adaptiveStream: false, dynacast: false });
  /** One MediaStream per participant and source, so a camera's audio and video play together. */
  private readonly streams = new Map<string, MediaStream>();
  private screen: LocalTrackPublication | null = null;
  private over = false;

  constructor(private readonly options: MediaSessionOptions) {
    this.listen();
    void this.start().catch((error: unknown) => {
      if (this.over) return;
      this.close();
      options.handlers.onEnded({
        kind: 'provider',
        message: `The video service refused the connection (${error instanceof Error ? error.message : 'error'}).`,
      });
    });
  }

  get peerCount(): number {
    return this.room.remoteParticipants.size;
  }

  private async start(): Promise<void> {
    const { answer, localStream, handlers } = this.options;
    await this.room.connect(answer.livekitUrl ?? '', answer.sessionToken, {
      rtcConfig: { iceServers: answer.iceServers ?? [] },
    });
    for (const track of localStream.getTracks()) {
      const source = track.kind === 'audio' ? Track.Source.Microphone : Track.Source.Camera;
      await this.room.localParticipant.publishTrack(track, { source });
    }
    handlers.onJoined(this.room.localParticipant.identity, [...this.room.remoteParticipants.values()].map(peerOf));
  }

  private listen(): void {
    const { handlers } = this.options;
    this.room
      .on(RoomEvent.ParticipantConnected, (participant) => handlers.onPeerJoined(peerOf(participant), false))
      .on(RoomEvent.ParticipantDisconnected, (participant) => handlers.onPeerLeft(peerOf(participant), 'bye'))
      .on(RoomEvent.TrackSubscribed, (track: RemoteTrack, publication, participant) => {
        const key = `${participant.identity}/${kindOf(publication)}`;
        const stream = this.streams.get(key) ?? new MediaStream();
        this.streams.set(key, stream);
        stream.addTrack(track.mediaStreamTrack);
        if (track.kind === Track.Kind.Video) handlers.onStream(participant.identity, stream, kindOf(publication));
      })
      .on(RoomEvent.TrackUnsubscribed, (track: RemoteTrack, publication, participant) => {
        const key = `${participant.identity}/${kindOf(publication)}`;
        const stream = this.streams.get(key);
        stream?.removeTrack(track.mediaStreamTrack);
        if (stream && stream.getTracks().length === 0) {
          this.streams.delete(key);
          handlers.onStreamGone(participant.identity, stream.id);
        }
      })
      .on(RoomEvent.DataReceived, (payload, participant) => {
        const text = chatLine(payload);
        if (text !== null && participant) handlers.onChat(peerOf(participant), text);
      })
      .on(RoomEvent.Disconnected, () => {
        if (this.over) return;
        this.over = true;
        handlers.onEnded({ kind: 'lost' });
      });
  }

  sendChat(text: string): number {
    void this.room.localParticipant.publishData(new TextEncoder().encode(JSON.stringify({ type: 'chat', text })), {
      reliable: true,
    });
    return this.peerCount;
  }

  shareScreen(stream: MediaStream): void {
    const track = stream.getVideoTracks()[0];
    if (!track) return;
    void this.room.localParticipant
      .publishTrack(track, { source: Track.Source.ScreenShare })
      .then((publication) => {
        this.screen = publication;
      })
      .catch(() => undefined);
  }

  stopScreen(): void {
    const track = this.screen?.track;
    if (track) void this.room.localParticipant.unpublishTrack(track, false);
    this.screen = null;
  }

  async replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    const source = kind === 'audio' ? Track.Source.Microphone : Track.Source.Camera;
    const published = this.room.localParticipant.getTrackPublication(source)?.track;
    if (published && track) await published.replaceTrack(track);
  }

  leave(): void {
    this.close();
  }

  close(): void {
    this.over = true;
    void this.room.disconnect();
  }

  async stats(): Promise<PeerStats[]> {
    return Promise.all(
      [...this.room.remoteParticipants.values()].map(async (participant) => {
        const video: PeerStats['video'] = [];
        for (const publication of participant.videoTrackPublications.values())
          video.push(...inboundVideos(kindOf(publication), await publication.track?.getRTCStatsReport()));
        return { ...peerOf(participant), state: 'connected', signaling: 'stable', video } satisfies PeerStats;
      }),
    );
  }

  async upstream(): Promise<UpstreamStats> {
    const reports: RTCStatsReport[] = [];
    for (const publication of this.room.localParticipant.trackPublications.values()) {
      const report = await publication.track?.getRTCStatsReport();
      if (report) reports.push(report);
    }
    return upstreamOfReports(reports);
  }
}
