/**
 * Ringing and answering on Bob's side. Each incoming call opens its progress websocket at once (the
 * callee's hello is what makes the caller hear "Ringing…"), shows who calls with Answer / Answer with
 * audio only / Decline, and a system notification when the tab is hidden. Answer = getUserMedia, then
 * `accept`, then on `connecting` the media (live-call.ts); Decline = `terminate` reason `reject`.
 */
import { button, el, focusFirst } from '../shared/dom.ts';
import { LiveCall } from '../shared/live-call.ts';
import { getCallMedia, stopMedia, type CallType } from '../shared/media.ts';
import { endedSentence, MEDIA_SENTENCES, NO_BUILTIN_RELAY, progressErrorSentence } from '../shared/plain-words.ts';
import { ProgressSocket } from '../shared/progress-socket.ts';
import type { CalleeCallItem } from '../shared/signalling-protocol.ts';
import type { StatusRegion } from '../shared/status.ts';
import type { CallNotifier } from './notifications.ts';

interface Ringing {
  call: CalleeCallItem;
  card: HTMLElement;
  progress: ProgressSocket;
  stream: MediaStream | null;
  live: LiveCall | null;
  answered: boolean;
  over: boolean;
}

export class IncomingCalls {
  readonly element = el('section', { className: 'incoming', 'aria-label': 'Calls' });
  private readonly calls = new Map<string, Ringing>();
  constructor(
    private readonly status: StatusRegion,
    private readonly notifier: CallNotifier,
  ) {}

  /** For the browser tests and diagnostics: the statistics of the call in progress. */
  getStats(): Promise<RTCStatsReport> | null {
    for (const ringing of this.calls.values()) if (ringing.live) return ringing.live.getStats();
    return null;
  }

  ring(call: CalleeCallItem): void {
    if (this.calls.has(call.callId)) return;
    // The handlers run only once the socket has opened, by which time `ringing` is set.
    const progress = new ProgressSocket(call.progressURL, call.callId, call.websocketToken, {
      onState: (state, reason) => this.onState(ringing, state, reason),
      onError: (reason) => this.end(ringing, progressErrorSentence(reason)),
      onLost: () => {
        if (!ringing.live?.connected) this.end(ringing, 'The connection to this call was lost.');
      },
    });
    const who = call.callerId || 'Someone';
    const card = el(
      'article',
      { className: 'ringing', 'aria-label': `Call from ${who}` },
      el('h2', { text: `${who} is calling` }),
      call.subject ? el('p', { text: call.subject }) : null,
      el(
        'div',
        { className: 'actions' },
        button('Answer', () => void this.answer(ringing, 'audio-video'), { className: 'primary' }),
        button('Answer with audio only', () => void this.answer(ringing, 'audio')),
        button('Decline', () => this.decline(ringing), { className: 'danger' }),
      ),
    );
    const ringing: Ringing = { call, card, progress, stream: null, live: null, answered: false, over: false };
    this.calls.set(call.callId, ringing);
    this.element.prepend(card);
    focusFirst(ringing.card);
    this.status.say(`${who} is calling.`);
    this.notifier.ringing(call.callId, who);
  }

  /** The events socket says the call ended (e.g. the caller cancelled). */
  ended(callId: string, reason: string): void {
    const ringing = this.calls.get(callId);
    if (ringing && !ringing.live) this.end(ringing, endedSentence(reason, 'callee'));
    this.notifier.stopRinging(callId);
  }

  /** A notification was clicked: bring that call's card into view. */
  focusCall(callId: string): void {
    const ringing = this.calls.get(callId);
    if (ringing) focusFirst(ringing.card);
  }

  private onState(ringing: Ringing, state: string, reason: string | null): void {
    if (state === 'terminated') this.end(ringing, endedSentence(reason, 'callee', ringing.answered));
    else if (state === 'connecting' && ringing.answered) this.connect(ringing);
    // Already past ringing without this tab (e.g. listed again after a reload mid-call): nothing to answer here.
    else if (state !== 'init' && state !== 'alerting' && !ringing.answered) this.end(ringing, null);
  }

  private async answer(ringing: Ringing, callType: CallType): Promise<void> {
    if (ringing.answered || ringing.over) return;
    ringing.answered = true;
    this.notifier.stopRinging(ringing.call.callId);
    for (const control of ringing.card.querySelectorAll('button')) control.disabled = true;
    this.status.say('Starting the camera and microphone…');
    const media = await getCallMedia(callType);
    if (!media.ok) {
      ringing.answered = false;
      for (const control of ringing.card.querySelectorAll('button')) control.disabled = false;
      this.status.say(MEDIA_SENTENCES[media.problem]);
      return;
    }
    if (ringing.over) return stopMedia(media.stream);
    ringing.stream = media.stream;
    this.status.say('Connecting…');
    ringing.progress.accept();
  }

  private decline(ringing: Ringing): void {
    this.status.say('Declining…');
    ringing.progress.terminate('reject');
  }

  private connect(ringing: Ringing): void {
    if (ringing.live || !ringing.stream) return;
    const { call } = ringing;
    if (!call.signallingURL) return this.end(ringing, NO_BUILTIN_RELAY);
    const area = el('div', { className: 'call-area' });
    ringing.card.replaceChildren(area);
    ringing.live = new LiveCall({
      role: 'callee',
      otherName: call.callerId || 'the caller',
      progress: ringing.progress,
      signallingURL: call.signallingURL,
      token: call.sessionToken,
      iceServers: call.iceServers ?? [],
      localStream: ringing.stream,
      container: area,
      status: this.status,
      onEnded: (sentence) => this.end(ringing, sentence, true),
    });
  }

  /** `sentence` null: the call leaves this tab without anything to tell (it goes on elsewhere). */
  private end(ringing: Ringing, sentence: string | null, fromLiveCall = false): void {
    if (ringing.over) return;
    ringing.over = true;
    if (!fromLiveCall) ringing.live?.endFromServer(sentence ?? '');
    if (ringing.progress.open) ringing.progress.close();
    stopMedia(ringing.stream);
    this.notifier.stopRinging(ringing.call.callId);
    ringing.card.remove();
    this.calls.delete(ringing.call.callId);
    if (sentence !== null) this.status.say(sentence);
  }
}
