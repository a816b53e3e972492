/**
 * The room page (`/r/{token}`): the room's name (decrypted with the key in the link's fragment, or a
 * generic title), then either the screen before joining or, after a reload, straight back into the room
 * (the participation in sessionStorage: refreshed if still alive, else joined again under the same name).
 * Each ending has its own state: full, expired or deleted, opened in another tab, left.
 */
import { button, el } from '../shared/dom.ts';
import { MEDIA_SENTENCES, NO_BUILTIN_RELAY } from '../shared/plain-words.ts';
import { decryptRoomName } from '../shared/room-name-crypto.ts';
import type { StatusRegion } from '../shared/status.ts';
import { InRoom, type RoomExit } from './in-room.ts';
import { LocalMedia } from './local-media.ts';
import type { PeerStats, UpstreamStats } from '../media/media-session.ts';
import { canJoinMedia } from '../media/open-media-session.ts';
import {
  readParticipation,
  rememberedName,
  rememberName,
  writeParticipation,
  type StoredParticipation,
} from './participation.ts';
import { prejoinView, type PrejoinView } from './prejoin-view.ts';
import { roomProblemOf, type RoomApi, type RoomPublicInfo } from './room-api.ts';
import { GENERIC_ROOM_TITLE, REPLACED_SENTENCE, ROOM_PROBLEM_SENTENCES } from './room-words.ts';

export class RoomPage {
  private media: LocalMedia | null = null;
  private inRoom: InRoom | null = null;

  constructor(
    private readonly api: RoomApi,
    private readonly ui: HTMLElement,
    private readonly status: StatusRegion,
    private readonly heading: HTMLElement,
    private readonly key: CryptoKey | null,
  ) {}

  async start(): Promise<void> {
    let info: RoomPublicInfo;
    try {
      info = await this.api.publicInfo();
    } catch (error) {
      const problem = roomProblemOf(error);
      if (problem === 'gone') return this.gone();
      this.status.say(ROOM_PROBLEM_SENTENCES[problem]);
      this.ui.replaceChildren(button('Try again', () => void this.start(), { className: 'primary' }));
      return;
    }
    await this.showTitle(info);
    const stored = readParticipation(this.api.roomToken);
    if (stored) await this.resume(stored);
    else await this.prejoin();
  }

  /** For the browser tests and diagnostics (`window.loopRoomStats`, docs/webapp.md). */
  async stats(): Promise<PeerStats[]> {
    return (await this.inRoom?.stats()) ?? [];
  }

  async upstream(): Promise<UpstreamStats | null> {
    return (await this.inRoom?.upstream()) ?? null;
  }

  private async showTitle(info: RoomPublicInfo): Promise<void> {
    const name = (this.key ? await decryptRoomName(this.key, info.context) : null) ?? info.roomName ?? null;
    this.heading.textContent = name || GENERIC_ROOM_TITLE;
    document.title = name ? `${name} · Loop` : 'Loop room';
  }

  private async ensureMedia(): Promise<LocalMedia> {
    if (this.media) return this.media;
    const media = new LocalMedia();
    this.media = media;
    this.status.say('Starting your camera and microphone…');
    const problem = await media.start();
    if (problem) this.status.say(`${MEDIA_SENTENCES[problem]} You can still join to see and hear the others.`);
    else this.status.say('');
    return media;
  }

  private async prejoin(sentence?: string): Promise<void> {
    const media = await this.ensureMedia();
    const view: PrejoinView = prejoinView(media, this.status, rememberedName(), (name) => void this.join(name, view));
    this.ui.replaceChildren(view.element);
    view.focus();
    if (sentence) this.status.say(sentence);
  }

  private async join(name: string, view: PrejoinView | null): Promise<void> {
    view?.setBusy(true);
    this.status.say('Joining…');
    rememberName(name);
    const media = await this.ensureMedia();
    try {
      const participation = await this.api.join(name);
      this.enter({ ...participation, microphoneOff: media.microphoneOff, cameraOff: media.cameraOff });
    } catch (error) {
      const problem = roomProblemOf(error);
      if (problem === 'gone') return this.gone();
      writeParticipation(this.api.roomToken, null);
      if (view) {
        view.setBusy(false);
        this.status.say(ROOM_PROBLEM_SENTENCES[problem]);
      } else await this.prejoin(ROOM_PROBLEM_SENTENCES[problem]);
    }
  }

  /** After a reload: the same participation if it is still alive, else a new one under the same name. */
  private async resume(stored: StoredParticipation): Promise<void> {
    this.status.say('Going back into the room…');
    const media = await this.ensureMedia();
    media.setMicrophoneOff(stored.microphoneOff);
    media.setCameraOff(stored.cameraOff);
    try {
      stored.answer.expires = await this.api.refresh(stored);
      this.enter(stored);
    } catch (error) {
      const problem = roomProblemOf(error);
      if (problem === 'gone') return this.gone();
      if (problem === 'participation-over') return this.join(stored.displayName, null);
      await this.prejoin(ROOM_PROBLEM_SENTENCES[problem]);
    }
  }

  private enter(participation: StoredParticipation): void {
    writeParticipation(this.api.roomToken, participation);
    const media = this.media;
    if (!media) return;
    if (!canJoinMedia(participation.answer)) {
      this.status.say(NO_BUILTIN_RELAY);
      void this.api.leave(participation).catch(() => undefined);
      writeParticipation(this.api.roomToken, null);
      return;
    }
    this.inRoom = new InRoom({
      api: this.api,
      participation,
      media,
      container: this.ui,
      status: this.status,
      onExit: (exit) => void this.onExit(exit, participation),
    });
    this.inRoom.start();
  }

  private async onExit(exit: RoomExit, participation: StoredParticipation): Promise<void> {
    this.inRoom = null;
    switch (exit.kind) {
      case 'left':
        writeParticipation(this.api.roomToken, null);
        this.stopMedia();
        this.ui.replaceChildren(button('Join again', () => void this.prejoin(), { className: 'primary' }));
        this.ui.querySelector('button')?.focus();
        this.status.say('You left the room.');
        return;
      case 'rejoin':
        return this.join(participation.displayName, null);
      case 'replaced':
        this.stopMedia();
        this.ui.replaceChildren(
          el('p', { text: REPLACED_SENTENCE }),
          button('Use the room here', () => location.reload(), { className: 'primary' }),
        );
        this.status.say(REPLACED_SENTENCE);
        return;
      case 'problem':
        if (exit.problem === 'gone') return this.gone();
        writeParticipation(this.api.roomToken, null);
        return this.prejoin(ROOM_PROBLEM_SENTENCES[exit.problem]);
    }
  }

  private gone(): void {
    writeParticipation(this.api.roomToken, null);
    this.stopMedia();
    this.heading.textContent = 'This room is not available';
    this.ui.replaceChildren(el('p', { text: ROOM_PROBLEM_SENTENCES.gone }));
    this.status.say(ROOM_PROBLEM_SENTENCES.gone);
  }

  private stopMedia(): void {
    this.media?.stop();
    this.media = null;
  }
}
