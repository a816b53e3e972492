/**
 * Alice's side of a call link. The server-rendered page already says whom she calls and until when; this
 * adds the call: "Call" / "Audio only" (with a word about the camera prompt first), then
 * getUserMedia → POST /calls/{token} → progress websocket (Connecting…, Ringing…) → on `connecting` the
 * media (live-call.ts) → In call → an ending that says why, with "Try again" where it makes sense.
 */
import { button, el, focusFirst } from '../shared/dom.ts';
import { LiveCall } from '../shared/live-call.ts';
import { LoopError } from '@loop/client';
import { pageClient } from '../shared/loop-client.ts';
import { getCallMedia, stopMedia, type CallType } from '../shared/media.ts';
import {
  apiErrorSentence,
  endedSentence,
  ERRNO_SENTENCES,
  MEDIA_SENTENCES,
  NO_BUILTIN_RELAY,
  progressErrorSentence,
} from '../shared/plain-words.ts';
import { ProgressSocket } from '../shared/progress-socket.ts';
import type { StatusRegion } from '../shared/status.ts';

/** The caller's part of the POST /calls/{token} answer that the page uses (built-in provider). */
interface CallAnswer {
  callId: string;
  websocketToken: string;
  sessionToken: string;
  progressURL: string;
  signallingURL?: string;
  iceServers?: RTCIceServer[];
}

interface Attempt {
  call: CallAnswer;
  signallingURL: string;
  stream: MediaStream;
  progress: ProgressSocket;
  live: LiveCall | null;
  cancelled: boolean;
}

export class CallerPage {
  private attempt: Attempt | null = null;
  private readonly api = pageClient();

  constructor(
    private readonly token: string,
    private readonly calleeName: string,
    private readonly ui: HTMLElement,
    private readonly status: StatusRegion,
  ) {}

  async start(): Promise<void> {
    try {
      // The page may have been open for a while (or restored from history): check the link now.
      await this.api.GET('/calls/{token}', { params: { path: { token: this.token } } });
    } catch (error) {
      if (error instanceof LoopError && error.errno === 105) return this.linkGone();
    }
    this.showReady();
  }

  /** For the browser tests and diagnostics: the current call's peer connection statistics. */
  getStats(): Promise<RTCStatsReport> | null {
    return this.attempt?.live?.getStats() ?? null;
  }

  /** The call buttons; a problem that brought us back here has just been said in the status region above. */
  private showReady(): void {
    this.ui.replaceChildren(
      el('p', {
        className: 'muted',
        text: 'Your browser will ask to use your camera and microphone (or only the microphone for an audio call). Loop uses them only during the call.',
      }),
      el(
        'div',
        { className: 'actions' },
        button('Call', () => void this.call('audio-video'), { className: 'primary' }),
        button('Audio only', () => void this.call('audio')),
      ),
    );
    focusFirst(this.ui);
  }

  private linkGone(): void {
    document.getElementById('question')?.replaceChildren('This call link is not valid');
    document
      .getElementById('validity')
      ?.replaceChildren(`It has expired or was revoked. Ask ${this.calleeName} for a new link.`);
    this.ui.replaceChildren();
    this.status.say(ERRNO_SENTENCES[105]);
  }

  private async call(callType: CallType): Promise<void> {
    if (this.attempt) return;
    this.ui.replaceChildren(
      el('p', { className: 'muted', text: 'Allow the camera and microphone when your browser asks.' }),
    );
    this.status.say('Starting the camera and microphone…');
    const media = await getCallMedia(callType);
    if (!media.ok) {
      this.status.say(MEDIA_SENTENCES[media.problem]);
      return this.showReady();
    }
    this.status.say('Connecting…');
    let call: CallAnswer;
    try {
      const answer = await this.api.POST('/calls/{token}', {
        params: { path: { token: this.token } },
        body: { callType },
      });
      call = answer.data;
    } catch (error) {
      stopMedia(media.stream);
      if (error instanceof LoopError && error.errno === 105) return this.linkGone();
      const sentence = error instanceof LoopError ? apiErrorSentence(error) : ERRNO_SENTENCES[999];
      this.status.say(sentence);
      return this.showReady();
    }
    if (!call.signallingURL) {
      // Another provider (OpenTok, LiveKit): this page only speaks the built-in relay. Stop before it rings.
      stopMedia(media.stream);
      await this.api
        .POST('/calls/id/{callId}/cancel', {
          params: { path: { callId: call.callId } },
          body: { websocketToken: call.websocketToken },
        })
        .catch(() => undefined);
      this.status.say(NO_BUILTIN_RELAY);
      return this.showReady();
    }
    // The handlers run only once the socket has opened, by which time `attempt` is set.
    const progress = new ProgressSocket(call.progressURL, call.callId, call.websocketToken, {
      onState: (state, reason) => this.onState(attempt, state, reason),
      onError: (reason) => this.ended(attempt, progressErrorSentence(reason)),
      onLost: () => {
        if (!attempt.live?.connected) this.ended(attempt, 'The connection to Loop was lost. Try again.');
      },
    });
    const attempt: Attempt = {
      call,
      signallingURL: call.signallingURL,
      stream: media.stream,
      progress,
      live: null,
      cancelled: false,
    };
    this.attempt = attempt;
    this.ui.replaceChildren(
      el(
        'div',
        { className: 'actions' },
        button('Cancel', () => this.cancel(attempt), { className: 'danger' }),
      ),
    );
    focusFirst(this.ui);
  }

  private onState(attempt: Attempt, state: string, reason: string | null): void {
    if (this.attempt !== attempt) return;
    switch (state) {
      case 'init':
        this.status.say('Connecting…');
        return;
      case 'alerting':
        this.heading(`Calling ${this.calleeName}`);
        this.status.say(`Ringing ${this.calleeName}…`);
        return;
      case 'connecting':
        this.connect(attempt);
        return;
      case 'terminated':
        this.ended(attempt, endedSentence(attempt.cancelled ? 'cancel' : reason, 'caller', attempt.live !== null));
        return;
      default:
        return;
    }
  }

  private heading(text: string): void {
    document.getElementById('question')?.replaceChildren(text);
  }

  private connect(attempt: Attempt): void {
    if (attempt.live) return;
    this.heading(`Call with ${this.calleeName}`);
    const { call } = attempt;
    attempt.live = new LiveCall({
      role: 'caller',
      otherName: this.calleeName,
      progress: attempt.progress,
      signallingURL: attempt.signallingURL,
      token: call.sessionToken,
      iceServers: call.iceServers ?? [],
      localStream: attempt.stream,
      container: this.ui,
      status: this.status,
      onEnded: (sentence) => this.ended(attempt, sentence, true),
    });
  }

  private cancel(attempt: Attempt): void {
    attempt.cancelled = true;
    this.status.say('Cancelling…');
    if (attempt.progress.open) {
      attempt.progress.terminate('cancel');
      return;
    }
    // No socket (yet): the HTTP cancel ends the call the same way.
    void this.api
      .POST('/calls/id/{callId}/cancel', {
        params: { path: { callId: attempt.call.callId } },
        body: { websocketToken: attempt.call.websocketToken },
      })
      .catch(() => undefined)
      .finally(() => this.ended(attempt, endedSentence('cancel', 'caller')));
  }

  private ended(attempt: Attempt, sentence: string, fromLiveCall = false): void {
    if (this.attempt !== attempt) return;
    this.attempt = null;
    if (!fromLiveCall) attempt.live?.endFromServer(sentence);
    if (attempt.progress.open) attempt.progress.close();
    stopMedia(attempt.stream);
    this.status.say(sentence);
    this.heading(`Call ${this.calleeName} again?`);
    // The sentence is in the status region, just above.
    this.ui.replaceChildren(
      el(
        'div',
        { className: 'actions' },
        button(
          'Try again',
          () => {
            this.status.say('');
            this.showReady();
          },
          { className: 'primary' },
        ),
      ),
    );
    focusFirst(this.ui);
  }
}
