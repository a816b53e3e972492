/**
 * The media path of a call: one RTCPeerConnection, negotiated over the signalling websocket
 * (`/signalling`, docs/realtime.md). Convention: the caller offers as soon as it knows the callee is
 * there (`joined.peerPresent` or `peer-joined`); the callee answers; both trickle ICE candidates.
 */
import { parseSignallingServerMessage, type SignalData, type SignallingClientMessage } from './signalling-protocol.ts';

export type PeerRole = 'caller' | 'callee';

export type PeerEnd =
  { kind: 'peer-left'; reason: string } | { kind: 'failed' } | { kind: 'signalling-error'; reason: string };

export interface PeerCallOptions {
  signallingURL: string;
  /** The participant token (`sessionToken` of the call answer / GET /calls item). */
  token: string;
  iceServers: RTCIceServer[];
  role: PeerRole;
  localStream: MediaStream;
  onRemoteStream(stream: MediaStream): void;
  /** Media flows (the peer connection reached `connected`), first time only. */
  onConnected(): void;
  onEnded(end: PeerEnd): void;
}

/** How long a connection may stay `disconnected` before the call counts as lost. */
const DISCONNECTED_GRACE_MS = 8000;

export class PeerCall {
  private readonly pc: RTCPeerConnection;
  private readonly socket: WebSocket;
  private readonly remoteStream = new MediaStream();
  private pendingCandidates: RTCIceCandidateInit[] = [];
  private offered = false;
  private connected = false;
  private ended = false;
  private peerGone = false;
  private disconnectedTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: PeerCallOptions) {
    this.pc = new RTCPeerConnection({ iceServers: options.iceServers });
    if (options.role === 'caller') {
      // Transceivers for both kinds, so an audio-only side still receives the other's video.
      for (const kind of ['audio', 'video'] as const) {
        const track = options.localStream.getTracks().find((t) => t.kind === kind);
        this.pc.addTransceiver(track ?? kind, {
          direction: track ? 'sendrecv' : 'recvonly',
          streams: [options.localStream],
        });
      }
    }
    this.pc.addEventListener('icecandidate', (event) =>
      this.signal({ candidate: event.candidate ? event.candidate.toJSON() : null }),
    );
    this.pc.addEventListener('track', (event) => {
      this.remoteStream.addTrack(event.track);
      options.onRemoteStream(this.remoteStream);
    });
    this.pc.addEventListener('connectionstatechange', () => this.onConnectionState());
    this.socket = new WebSocket(options.signallingURL);
    this.socket.addEventListener('open', () => this.send({ type: 'join', token: options.token }));
    this.socket.addEventListener(
      'message',
      (event) => void this.receive(String(event.data)).catch(() => this.end({ kind: 'failed' })),
    );
    this.socket.addEventListener('close', () => {
      // Once media flows the relay is no longer needed; before, the call cannot be set up without it.
      if (!this.connected) this.end({ kind: 'signalling-error', reason: 'closed' });
    });
  }

  /** For tests and diagnostics: the connection's statistics. */
  getStats(): Promise<RTCStatsReport> {
    return this.pc.getStats();
  }

  hangUp(): void {
    this.send({ type: 'bye' });
    this.close();
  }

  close(): void {
    this.ended = true;
    clearTimeout(this.disconnectedTimer);
    this.pc.close();
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING)
      this.socket.close(1000);
  }

  private end(end: PeerEnd): void {
    if (this.ended) return;
    this.close();
    this.options.onEnded(end);
  }

  private send(message: SignallingClientMessage): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private signal(data: SignalData): void {
    this.send({ type: 'signal', data });
  }

  private async receive(raw: string): Promise<void> {
    const message = parseSignallingServerMessage(raw);
    if (!message) return;
    switch (message.type) {
      case 'joined':
        if (message.peerPresent) await this.offer();
        return;
      case 'peer-joined':
        this.peerGone = false;
        // A callee that joins again (a reloaded page) needs a fresh negotiation.
        await this.offer(this.offered);
        return;
      case 'peer-left':
        this.peerGone = true;
        if (message.reason === 'bye' || !this.connected) this.end({ kind: 'peer-left', reason: message.reason });
        return;
      case 'signal':
        await this.onSignal(message.data);
        return;
      case 'error':
        // `no-peer`: a candidate sent while the other side was away; harmless.
        if (message.reason !== 'no-peer') this.end({ kind: 'signalling-error', reason: message.reason });
        return;
      default:
        return;
    }
  }

  private async offer(restart = false): Promise<void> {
    if (this.options.role !== 'caller' || this.ended) return;
    this.offered = true;
    const offer = await this.pc.createOffer(restart ? { iceRestart: true } : {});
    await this.pc.setLocalDescription(offer);
    if (this.pc.localDescription)
      this.signal({ description: this.pc.localDescription.toJSON() as RTCSessionDescriptionInit });
  }

  private async onSignal(data: SignalData): Promise<void> {
    if (this.ended) return;
    if ('description' in data) {
      await this.pc.setRemoteDescription(data.description);
      if (data.description.type === 'offer') {
        for (const track of this.options.localStream.getTracks()) {
          // addTrack reuses the transceiver the offer created for this kind.
          if (!this.pc.getSenders().some((sender) => sender.track === track))
            this.pc.addTrack(track, this.options.localStream);
        }
        await this.pc.setLocalDescription(await this.pc.createAnswer());
        if (this.pc.localDescription)
          this.signal({ description: this.pc.localDescription.toJSON() as RTCSessionDescriptionInit });
      }
      const waiting = this.pendingCandidates;
      this.pendingCandidates = [];
      for (const candidate of waiting) await this.pc.addIceCandidate(candidate).catch(() => undefined);
      return;
    }
    if (data.candidate === null) return;
    if (!this.pc.remoteDescription) this.pendingCandidates.push(data.candidate);
    else await this.pc.addIceCandidate(data.candidate).catch(() => undefined);
  }

  private onConnectionState(): void {
    const state = this.pc.connectionState;
    if (state === 'connected') {
      clearTimeout(this.disconnectedTimer);
      if (!this.connected) {
        this.connected = true;
        this.options.onConnected();
      }
    } else if (state === 'failed') {
      this.end(this.peerGone ? { kind: 'peer-left', reason: 'disconnected' } : { kind: 'failed' });
    } else if (state === 'disconnected') {
      clearTimeout(this.disconnectedTimer);
      this.disconnectedTimer = setTimeout(() => {
        if (this.pc.connectionState !== 'connected')
          this.end(this.peerGone ? { kind: 'peer-left', reason: 'disconnected' } : { kind: 'failed' });
      }, DISCONNECTED_GRACE_MS);
    }
  }
}
