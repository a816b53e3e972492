/**
 * Bob's rooms: "Room name" and "Create a room" (the name is encrypted here, with a new key that only the
 * link's fragment and this app keep), and the list of his rooms with who is in each, kept live by the
 * events socket's `room-changed` (main.ts calls `refresh`).
 */
import { el } from '../shared/dom.ts';
import { LoopError } from '@loop/client';
import { apiErrorSentence } from '../shared/plain-words.ts';
import { decryptRoomName, encryptRoomName, newRoomKey } from '../shared/room-name-crypto.ts';
import type { StatusRegion } from '../shared/status.ts';
import { roomKeys } from './room-keys.ts';
import { roomRow, type RoomItem } from './room-row.ts';
import type { CalleeSession } from './session.ts';

const NAME_KEY = 'loop.displayName';
const DEFAULT_SIZE = 5;

function sentenceOf(error: unknown): string {
  return error instanceof LoopError ? apiErrorSentence(error) : 'Something went wrong. Please try again.';
}

export class RoomsView {
  readonly element: HTMLElement;
  private readonly list = el('ul', { className: 'rooms', 'aria-label': 'Your rooms' });
  private readonly empty = el('p', { className: 'muted', text: 'No rooms yet.' });
  /** Refreshes asked for while one runs collapse into one more. */
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly session: CalleeSession,
    private readonly status: StatusRegion,
  ) {
    this.element = el(
      'section',
      { 'aria-labelledby': 'rooms-title' },
      el('h2', { id: 'rooms-title', text: 'Your rooms' }),
      el('p', { className: 'muted', text: 'A room is a link several people can join, again and again.' }),
      this.form(),
      this.empty,
      this.list,
    );
  }

  refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          const { data } = await this.session.signed((api) => api.GET('/rooms'));
          await this.render(data.flatMap((item) => ('deleted' in item ? [] : [item])));
        } catch (error) {
          this.status.say(sentenceOf(error));
        }
      } while (this.again);
      this.running = null;
    })();
    return this.running;
  }

  private form(): HTMLFormElement {
    const name = el('input', { id: 'room-name', name: 'roomName', maxlength: 100, required: true });
    const size = el('input', {
      id: 'room-size',
      name: 'maxSize',
      type: 'number',
      min: 2,
      max: 100,
      value: DEFAULT_SIZE,
    });
    const form = el(
      'form',
      { className: 'new-link' },
      el('label', { for: 'room-name' }, 'Room name'),
      name,
      el('label', { for: 'room-size' }, 'How many people at most'),
      size,
      el('button', { type: 'submit', className: 'primary' }, 'Create a room'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.create(name.value.trim(), Number(size.value) || DEFAULT_SIZE).then((made) => {
        if (made) name.value = '';
      });
    });
    return form;
  }

  private async create(roomName: string, maxSize: number): Promise<boolean> {
    if (!roomName) {
      this.status.say('Give the room a name.');
      return false;
    }
    const { key, encoded } = await newRoomKey();
    const context = await encryptRoomName(key, roomName);
    try {
      const { data } = await this.session.signed((api) =>
        api.POST('/rooms', { body: { context, roomOwner: ownerName(), maxSize } }),
      );
      roomKeys.save(data.roomToken, encoded);
      this.status.say(`Room ${roomName} created. Copy its link and send it.`);
      await this.refresh();
      return true;
    } catch (error) {
      this.status.say(sentenceOf(error));
      return false;
    }
  }

  private async render(items: RoomItem[]): Promise<void> {
    roomKeys.keepOnly(items.map((item) => item.roomToken));
    const sorted = [...items].sort((a, b) => b.ctime - a.ctime);
    const rows = await Promise.all(
      sorted.map(async (item) => {
        const key = await roomKeys.key(item.roomToken);
        const name = (key ? await decryptRoomName(key, item.context) : null) ?? item.roomName ?? null;
        return roomRow(item, name, roomKeys.encoded(item.roomToken), {
          copy: (link, label, control) => this.copy(link, label, control),
          rename: (room, next) => this.rename(room, next),
          remove: (room, label) => this.remove(room, label),
        });
      }),
    );
    this.empty.hidden = rows.length > 0;
    this.list.replaceChildren(...rows);
  }

  private async copy(link: string, label: string, control: HTMLButtonElement): Promise<void> {
    try {
      await navigator.clipboard.writeText(link);
    } catch {
      this.status.say('Your browser did not allow copying: select the link and copy it yourself.');
      return;
    }
    const name = control.getAttribute('aria-label') ?? '';
    control.textContent = 'Copied!';
    control.setAttribute('aria-label', 'Copied!');
    this.status.say(`The link of ${label} is copied.`);
    setTimeout(() => {
      control.textContent = 'Copy';
      control.setAttribute('aria-label', name);
    }, 2000);
  }

  /** A new context under the room's key (a new key if this app has none: older links then lose the name). */
  private async rename(item: RoomItem, roomName: string): Promise<boolean> {
    let key = await roomKeys.key(item.roomToken);
    let encoded = roomKeys.encoded(item.roomToken);
    if (!key || !encoded) ({ key, encoded } = await newRoomKey());
    try {
      const context = await encryptRoomName(key, roomName);
      await this.session.signed((api) =>
        api.PATCH('/rooms/{token}', { params: { path: { token: item.roomToken } }, body: { context } }),
      );
      roomKeys.save(item.roomToken, encoded);
      this.status.say(`The room is now called ${roomName}.`);
      await this.refresh();
      return true;
    } catch (error) {
      this.status.say(sentenceOf(error));
      return false;
    }
  }

  private async remove(item: RoomItem, label: string): Promise<void> {
    try {
      await this.session.signed((api) => api.DELETE('/rooms/{token}', { params: { path: { token: item.roomToken } } }));
    } catch (error) {
      if (!(error instanceof LoopError && error.errno === 105)) {
        this.status.say(sentenceOf(error));
        return;
      }
    }
    this.status.say(`${label[0]?.toUpperCase() ?? ''}${label.slice(1)} is deleted: its link no longer works.`);
    await this.refresh();
  }
}

/** The name Bob gave in the links form, if any: the room page says whose room it is (empty: it says nothing). */
function ownerName(): string {
  try {
    return localStorage.getItem(NAME_KEY) ?? '';
  } catch {
    return '';
  }
}
