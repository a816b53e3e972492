/**
 * A call from `connecting` on, the same for both sides: join the signalling relay, negotiate the media
 * (peer-call.ts), report `media-up` on the progress websocket when media flows, show the in-call screen,
 * and end — hang up, the other side leaving, or the connection failing — with a sentence saying why.
 */
import { callView, type CallView } from './call-view.ts';
import { PeerCall, type PeerEnd, type PeerRole } from './peer-call.ts';
import { CONNECTION_LOST, PEER_LEFT_SENTENCES, signallingErrorSentence } from './plain-words.ts';
import type { ProgressSocket } from './progress-socket.ts';
import { stopMedia } from './media.ts';
import type { StatusRegion } from './status.ts';

export interface LiveCallOptions {
  role: PeerRole;
  otherName: string;
  progress: ProgressSocket;
  signallingURL: string;
  token: string;
  iceServers: RTCIceServer[];
  localStream: MediaStream;
  container: HTMLElement;
  status: StatusRegion;
  /** The call is over; `sentence` says why. */
  onEnded(sentence: string): void;
}

export class LiveCall {
  private readonly peer: PeerCall;
  private readonly view: CallView;
  private mediaFlowing = false;
  private over = false;

  constructor(private readonly options: LiveCallOptions) {
    this.view = callView({
      otherName: options.otherName,
      localStream: options.localStream,
      onHangUp: () => this.hangUp(),
      onToggle: (what, off) =>
        options.status.say(`${what === 'microphone' ? 'Microphone' : 'Camera'} ${off ? 'off' : 'on'}.`),
    });
    options.container.replaceChildren(this.view.element);
    this.view.hangUpButton.focus();
    options.status.say('Connecting…');
    this.peer = new PeerCall({
      signallingURL: options.signallingURL,
      token: options.token,
      iceServers: options.iceServers,
      role: options.role,
      localStream: options.localStream,
      onRemoteStream: (stream) => this.view.showRemote(stream),
      onConnected: () => {
        this.mediaFlowing = true;
        options.progress.mediaUp();
        options.status.say(`In call with ${options.otherName}.`);
      },
      onEnded: (end) => this.finish(this.sentenceFor(end)),
    });
    // Closing the tab is hanging up: say so to the other side rather than leave it to guess from silence.
    window.addEventListener('pagehide', this.onPageHide);
  }

  private readonly onPageHide = (): void => this.hangUp();

  get connected(): boolean {
    return this.mediaFlowing;
  }

  /** Diagnostics (and the browser tests): the peer connection's statistics. */
  getStats(): Promise<RTCStatsReport> {
    return this.peer.getStats();
  }

  hangUp(): void {
    if (this.over) return;
    // Before media flowed the call is still pending on the server: end it there too.
    if (this.options.progress.open)
      this.options.progress.terminate(
        this.mediaFlowing ? 'closed' : this.options.role === 'caller' ? 'cancel' : 'closed',
      );
    this.peer.hangUp();
    this.finish('You hung up.');
  }

  /** The server ended the call (progress `terminated`), or its progress socket was lost before media flowed. */
  endFromServer(sentence: string): void {
    this.peer.close();
    this.finish(sentence);
  }

  private sentenceFor(end: PeerEnd): string {
    if (end.kind === 'peer-left')
      return (PEER_LEFT_SENTENCES as Record<string, string>)[end.reason] ?? 'The other person left the call.';
    if (end.kind === 'signalling-error')
      return end.reason === 'closed' ? CONNECTION_LOST : signallingErrorSentence(end.reason);
    return CONNECTION_LOST;
  }

  private finish(sentence: string): void {
    if (this.over) return;
    this.over = true;
    window.removeEventListener('pagehide', this.onPageHide);
    if (this.options.progress.open) this.options.progress.close();
    stopMedia(this.options.localStream);
    this.options.onEnded(sentence);
  }
}
