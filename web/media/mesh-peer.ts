/**
 * The link to one other participant of a room: one RTCPeerConnection negotiated with "perfect negotiation"
 * (https://w3c.github.io/webrtc-pc/#perfect-negotiation-example). Either side may offer at any time
 * (joining, sharing a screen); of two peers the one with the smaller pid is impolite and ignores an offer
 * that collides with its own, the other is polite and rolls its own back. No other rule is needed, so
 * both sides add their tracks at once and let `negotiationneeded` do the rest.
 *
 * One negotiated data channel (id 0, created by both sides, no in-band announcement) carries the chat and
 * the screen-sharing notes (`PeerNote`).
 */
import type { SignalData } from '../shared/signalling-protocol.ts';

/** What travels on the data channel. */
export type PeerNote =
  | { type: 'chat'; text: string }
  /** The stream `streamId` the sender adds is its screen (so the receiver labels its tile). */
  | { type: 'screen'; streamId: string }
  | { type: 'screen-off'; streamId: string };

export interface MeshPeerOptions {
  myPid: string;
  pid: string;
  iceServers: RTCIceServer[];
  /** The camera and microphone (may have no track at all: then this side only receives). */
  localStream: MediaStream;
  /** The screen being shared when the peer arrives, if any. */
  screenStream: MediaStream | null;
  signal(data: SignalData): void;
  onTrack(stream: MediaStream, track: MediaStreamTrack): void;
  onNote(note: PeerNote): void;
  onConnectionState(state: RTCPeerConnectionState): void;
}

const MAX_CHAT_CHARS = 2000;

export function parsePeerNote(raw: unknown): PeerNote | null {
  if (typeof raw !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const note = value as Record<string, unknown>;
  if (note.type === 'chat' && typeof note.text === 'string' && note.text.length <= MAX_CHAT_CHARS)
    return { type: 'chat', text: note.text };
  if ((note.type === 'screen' || note.type === 'screen-off') && typeof note.streamId === 'string')
    return { type: note.type, streamId: note.streamId };
  return null;
}

export class MeshPeer {
  readonly pc: RTCPeerConnection;
  private readonly channel: RTCDataChannel;
  private readonly polite: boolean;
  private makingOffer = false;
  private ignoreOffer = false;
  private settingRemoteAnswer = false;
  /** The first negotiation is the impolite peer's to start (see `offer`). */
  private firstNegotiationDone = false;
  /** Signals are applied one at a time, in order. */
  private queue: Promise<void> = Promise.resolve();
  private readonly screenSenders: RTCRtpSender[] = [];
  private screenStream: MediaStream | null = null;
  private closed = false;

  constructor(private readonly options: MeshPeerOptions) {
    this.polite = options.myPid > options.pid;
    this.pc = new RTCPeerConnection({ iceServers: options.iceServers });
    this.channel = this.pc.createDataChannel('loop', { negotiated: true, id: 0 });
    this.channel.addEventListener('message', (event) => {
      const note = parsePeerNote(event.data);
      if (note) options.onNote(note);
    });
    this.channel.addEventListener('open', () => {
      if (this.screenStream) this.note({ type: 'screen', streamId: this.screenStream.id });
    });
    for (const track of options.localStream.getTracks()) this.pc.addTrack(track, options.localStream);
    if (options.screenStream) this.shareScreen(options.screenStream);
    this.pc.addEventListener('negotiationneeded', () => void this.offer());
    this.pc.addEventListener('icecandidate', ({ candidate }) =>
      options.signal({ candidate: candidate ? candidate.toJSON() : null }),
    );
    this.pc.addEventListener('track', ({ track, streams }) => {
      const stream = streams[0] ?? new MediaStream([track]);
      options.onTrack(stream, track);
    });
    this.pc.addEventListener('connectionstatechange', () => options.onConnectionState(this.pc.connectionState));
  }

  receive(data: SignalData): void {
    this.queue = this.queue.then(() => this.apply(data)).catch(() => undefined);
  }

  /** Sends a note on the data channel; false while it is not open (the peer is still connecting). */
  note(note: PeerNote): boolean {
    if (this.channel.readyState !== 'open') return false;
    this.channel.send(JSON.stringify(note));
    return true;
  }

  /** Adds the screen's tracks (a renegotiation) and tells the peer which stream it is. */
  shareScreen(stream: MediaStream): void {
    this.screenStream = stream;
    for (const track of stream.getVideoTracks()) this.screenSenders.push(this.pc.addTrack(track, stream));
    this.note({ type: 'screen', streamId: stream.id });
  }

  stopScreen(): void {
    if (!this.screenStream) return;
    this.note({ type: 'screen-off', streamId: this.screenStream.id });
    for (const sender of this.screenSenders.splice(0)) if (!this.closed) this.pc.removeTrack(sender);
    this.screenStream = null;
  }

  /** The camera or microphone changed (another device): the peer keeps its transceivers. */
  async replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    const sender = this.pc.getSenders().find((s) => s.track?.kind === kind && !this.screenSenders.includes(s));
    await sender?.replaceTrack(track);
  }

  getStats(): Promise<RTCStatsReport> {
    return this.pc.getStats();
  }

  close(): void {
    this.closed = true;
    this.channel.close();
    this.pc.close();
  }

  private async offer(): Promise<void> {
    if (this.closed) return;
    // Glare on the very first negotiation, rolled back while ICE gathers, left Chromium without local
    // candidates now and then (both sides stuck in `new`): the polite peer lets the first offer come from
    // the other side; its own tracks ride on that offer's transceivers, anything left is offered after.
    if (this.polite && !this.firstNegotiationDone) return;
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      if (this.pc.localDescription)
        this.options.signal({ description: this.pc.localDescription.toJSON() as RTCSessionDescriptionInit });
    } catch {
      // A collision or a closed connection: the next negotiationneeded (or the peer's offer) settles it.
    } finally {
      this.makingOffer = false;
    }
  }

  private async apply(data: SignalData): Promise<void> {
    if (this.closed) return;
    if ('description' in data) {
      const description = data.description;
      const readyForOffer = !this.makingOffer && (this.pc.signalingState === 'stable' || this.settingRemoteAnswer);
      const collision = description.type === 'offer' && !readyForOffer;
      this.ignoreOffer = !this.polite && collision;
      if (this.ignoreOffer) return;
      this.settingRemoteAnswer = description.type === 'answer';
      // A polite peer's colliding offer is rolled back implicitly by setRemoteDescription.
      await this.pc.setRemoteDescription(description);
      this.settingRemoteAnswer = false;
      if (description.type === 'offer') {
        await this.pc.setLocalDescription();
        this.firstNegotiationDone = true;
        if (this.pc.localDescription)
          this.options.signal({ description: this.pc.localDescription.toJSON() as RTCSessionDescriptionInit });
      }
      return;
    }
    if (data.candidate === null) return;
    try {
      await this.pc.addIceCandidate(data.candidate);
    } catch (error) {
      // Candidates of an offer we ignored do not apply; anything else is a real failure.
      if (!this.ignoreOffer) throw error;
    }
  }
}
