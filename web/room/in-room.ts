/**
 * Being in a room: the Participants grid, Mute / Camera off / Share screen / Leave, the list of people,
 * the chat; the media session that carries it all (web/media/, one implementation per provider); and the participation kept alive with `refresh` every
 * `expires × 0.9` s. A lost connection is retried on its own (and at once with Reconnect); what the page
 * must do instead (join again, say the room is gone) goes back to it through `RoomExit`.
 */
import { button, el } from '../shared/dom.ts';
import { signallingErrorSentence } from '../shared/plain-words.ts';
import type { StatusRegion } from '../shared/status.ts';
import { ChatView } from './chat-view.ts';
import type { LocalMedia } from './local-media.ts';
import type { MediaSession, PeerStats, SessionEnd, UpstreamStats } from '../media/media-session.ts';
import { openMediaSession } from '../media/open-media-session.ts';
import { ParticipantsGrid } from './participants-grid.ts';
import { writeParticipation, type StoredParticipation } from './participation.ts';
import { roomProblemOf, type RoomApi, type RoomProblem } from './room-api.ts';
import { leftSentence, peopleSentence } from './room-words.ts';
import { CAMERA_LABELS, labelToggle, MUTE_LABELS, SHARE_LABELS } from './toggles.ts';

/** Why the room screen closed: the person left, or the page must join again / say the room is gone. */
export type RoomExit =
  { kind: 'left' } | { kind: 'rejoin' } | { kind: 'problem'; problem: RoomProblem } | { kind: 'replaced' };

export interface InRoomOptions {
  api: RoomApi;
  participation: StoredParticipation;
  media: LocalMedia;
  container: HTMLElement;
  status: StatusRegion;
  onExit(exit: RoomExit): void;
}

const RETRY_FIRST_MS = 2000;
const RETRY_MAX_MS = 30_000;

export class InRoom {
  private readonly grid = new ParticipantsGrid();
  private readonly people = el('ul', { className: 'people' });
  private readonly chat: ChatView;
  private readonly share = labelToggle(SHARE_LABELS, false, (on) => this.setSharing(on));
  private readonly reconnect = button('Reconnect', () => this.connect());
  private readonly names = new Map<string, string>();
  private mesh: MediaSession | null = null;
  private screen: MediaStream | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryMs = RETRY_FIRST_MS;
  /** Counts connections, so that a session that finishes opening after being replaced is dropped. */
  private generation = 0;
  private readingPeople = false;
  private peopleAgain = false;
  private over = false;

  constructor(private readonly options: InRoomOptions) {
    const { media, participation } = options;
    this.chat = new ChatView((text) => this.sendChat(text));
    const mute = labelToggle(MUTE_LABELS, media.microphoneOff, (off) => {
      media.setMicrophoneOff(off);
      this.save();
      options.status.say(off ? 'You are muted.' : 'You are no longer muted.');
      return off;
    });
    const camera = labelToggle(CAMERA_LABELS, media.cameraOff, (off) => {
      media.setCameraOff(off);
      this.save();
      options.status.say(off ? 'Your camera is off.' : 'Your camera is on.');
      return off;
    });
    mute.element.disabled = !media.hasMicrophone;
    camera.element.disabled = !media.hasCamera;
    this.share.element.hidden = !navigator.mediaDevices?.getDisplayMedia;
    this.reconnect.hidden = true;
    const leave = button('Leave', () => void this.leave(), { className: 'danger' });
    this.grid.showSelf(participation.displayName, media.stream);
    options.container.replaceChildren(
      el(
        'div',
        { className: 'room' },
        this.grid.element,
        el('div', { className: 'controls' }, mute.element, camera.element, this.share.element, leave, this.reconnect),
        el(
          'section',
          { className: 'people-list', 'aria-labelledby': 'people-title' },
          el('h2', { id: 'people-title', text: 'People' }),
          this.people,
        ),
        this.chat.element,
      ),
    );
    leave.focus();
    window.addEventListener('pagehide', this.onPageHide);
  }

  /** Connects to the others and keeps the participation alive. */
  start(): void {
    this.connect();
    this.scheduleRefresh(this.options.participation.answer.expires);
  }

  async stats(): Promise<PeerStats[]> {
    return (await this.mesh?.stats()) ?? [];
  }

  async upstream(): Promise<UpstreamStats | null> {
    return (await this.mesh?.upstream()) ?? null;
  }

  async leave(): Promise<void> {
    if (this.over) return;
    this.mesh?.leave();
    this.finish();
    this.options.status.say('Leaving the room…');
    await this.options.api.leave(this.options.participation).catch(() => undefined);
    this.options.onExit({ kind: 'left' });
  }

  /** The page goes away (closing the tab, reloading): say goodbye, without waiting for the answer. */
  private readonly onPageHide = (): void => {
    if (this.over) return;
    this.mesh?.leave();
    void this.options.api.leave(this.options.participation, true).catch(() => undefined);
    this.finish();
  };

  private connect(): void {
    if (this.over) return;
    clearTimeout(this.retryTimer);
    this.reconnect.hidden = true;
    this.mesh?.close();
    this.mesh = null;
    const { answer } = this.options.participation;
    const generation = ++this.generation;
    const opening = openMediaSession({
      answer,
      displayName: this.options.participation.displayName,
      localStream: this.options.media.stream,
      handlers: {
        onJoined: (_pid, peers) => {
          this.retryMs = RETRY_FIRST_MS;
          if (this.screen) this.mesh?.shareScreen(this.screen);
          for (const peer of peers) this.addPerson(peer.pid, peer.name);
          this.options.status.say(peopleSentence(peers.map((peer) => peer.name)));
          this.renderPeople();
        },
        onPeerJoined: (peer, again) => {
          this.addPerson(peer.pid, peer.name);
          if (!again) this.options.status.say(`${peer.name} joined.`);
          this.renderPeople();
        },
        onPeerLeft: (peer, reason) => {
          this.names.delete(peer.pid);
          this.grid.removePerson(peer.pid);
          this.options.status.say(leftSentence(peer.name, reason));
          this.renderPeople();
        },
        onStream: (pid, stream, kind) => {
          const name = this.names.get(pid) ?? 'Someone';
          if (kind === 'screen') {
            this.grid.showScreen(pid, name, stream);
            this.options.status.say(`${name} is sharing their screen.`);
          } else this.grid.showCamera(pid, name, stream);
        },
        onStreamGone: (pid, streamId) => this.grid.removeStream(pid, streamId),
        onChat: (from, text) => this.chat.add(from.name, text),
        onEnded: (end) => this.onMeshEnded(end),
      },
    });
    // A vendor SDK loads on demand: a session opened for a connection since replaced is closed at once.
    opening.then(
      (session) => {
        if (this.over || generation !== this.generation) session.close();
        else this.mesh = session;
      },
      () => {
        if (generation === this.generation)
          this.onMeshEnded({ kind: 'provider', message: 'This page could not load the video client.' });
      },
    );
  }

  private addPerson(pid: string, name: string): void {
    this.names.set(pid, name);
    this.grid.addPerson(pid, name);
  }

  /**
   * The list of people, as the room's API has it (`GET /rooms/{token}` with this participation's credential:
   * also those on other clients, and who owns the room); the relay's names while it cannot be read.
   */
  private renderPeople(): void {
    if (this.readingPeople) {
      this.peopleAgain = true;
      return;
    }
    const you = `${this.options.participation.displayName} (you)`;
    this.people.replaceChildren(...[you, ...this.names.values()].map((name) => el('li', { text: name })));
    this.readingPeople = true;
    void this.options.api
      .info(this.options.participation)
      .then((info) => {
        if (this.over) return;
        const mine = this.options.participation.answer.roomConnectionId;
        this.people.replaceChildren(
          ...info.participants.map((p) => {
            const notes = [p.roomConnectionId === mine ? 'you' : '', p.owner ? 'owner' : ''].filter(Boolean);
            return el('li', { text: notes.length ? `${p.displayName} (${notes.join(', ')})` : p.displayName });
          }),
        );
      })
      .catch(() => undefined)
      .finally(() => {
        this.readingPeople = false;
        if (this.peopleAgain) {
          this.peopleAgain = false;
          this.renderPeople();
        }
      });
  }

  private sendChat(text: string): boolean {
    if (!this.mesh || this.mesh.peerCount === 0) {
      this.options.status.say('Nobody else is here to read it yet.');
      return false;
    }
    this.mesh.sendChat(text);
    return true;
  }

  private async setSharing(on: boolean): Promise<boolean> {
    if (!on) {
      this.stopSharing();
      return false;
    }
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    } catch {
      this.options.status.say('Your screen is not shared (the browser did not allow it).');
      return false;
    }
    if (this.over) {
      for (const track of stream.getTracks()) track.stop();
      return false;
    }
    this.screen = stream;
    // The browser's own "Stop sharing" bar ends the track: stop here too.
    stream.getVideoTracks()[0]?.addEventListener('ended', () => {
      this.stopSharing();
      this.share.set(false);
    });
    this.mesh?.shareScreen(stream);
    this.grid.showOwnScreen(stream);
    this.options.status.say('You are sharing your screen.');
    return true;
  }

  private stopSharing(): void {
    if (!this.screen) return;
    this.mesh?.stopScreen();
    for (const track of this.screen.getTracks()) track.stop();
    this.screen = null;
    this.grid.showOwnScreen(null);
    this.options.status.say('You stopped sharing your screen.');
  }

  private scheduleRefresh(expiresSec: number): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), Math.max(1, expiresSec * 0.9) * 1000);
  }

  private async refresh(): Promise<void> {
    if (this.over) return;
    try {
      this.scheduleRefresh(await this.options.api.refresh(this.options.participation));
    } catch (error) {
      const problem = roomProblemOf(error);
      if (problem === 'offline' || problem === 'other') {
        this.scheduleRefresh(RETRY_FIRST_MS / 1000);
        return;
      }
      this.exit(problem === 'participation-over' ? { kind: 'rejoin' } : { kind: 'problem', problem });
    }
  }

  private onMeshEnded(end: SessionEnd): void {
    if (this.over) return;
    for (const pid of this.names.keys()) this.grid.removePerson(pid);
    this.names.clear();
    this.renderPeople();
    if (end.kind === 'error' && end.reason === 'replaced') return this.exit({ kind: 'replaced' });
    // The participation (or its token) is over: join again under the same name.
    if (end.kind === 'error' && (end.reason === 'expired' || end.reason === 'invalid-token'))
      return this.exit({ kind: 'rejoin' });
    this.options.status.say(
      end.kind === 'lost'
        ? 'The connection was lost. Reconnecting…'
        : end.kind === 'provider'
          ? `${end.message} Reconnecting…`
          : `${signallingErrorSentence(end.reason)} Reconnecting…`,
    );
    this.reconnect.hidden = false;
    this.retryTimer = setTimeout(() => this.connect(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
  }

  private save(): void {
    this.options.participation.microphoneOff = this.options.media.microphoneOff;
    this.options.participation.cameraOff = this.options.media.cameraOff;
    writeParticipation(this.options.api.roomToken, this.options.participation);
  }

  private exit(exit: RoomExit): void {
    this.mesh?.close();
    this.finish();
    this.options.onExit(exit);
  }

  private finish(): void {
    this.over = true;
    clearTimeout(this.refreshTimer);
    clearTimeout(this.retryTimer);
    window.removeEventListener('pagehide', this.onPageHide);
    if (this.screen) for (const track of this.screen.getTracks()) track.stop();
    this.screen = null;
  }
}
