/**
 * One of Bob's rooms in the app: its name (decrypted here), its link with the key in the fragment,
 * Copy, QR code, Rename (a new encrypted context), Delete, and who is in it now.
 */
import QRCode from 'qrcode';
import { button, el } from '../shared/dom.ts';
import { roomLink, type RoomContext } from '../shared/room-name-crypto.ts';

/** A `GET /rooms` item (spec §7.4), as the app uses it. */
export interface RoomItem {
  roomToken: string;
  roomUrl: string;
  context: RoomContext | null;
  roomName?: string;
  maxSize: number;
  ctime: number;
  expiresAt: number;
  participants: Array<{ roomConnectionId: string; displayName: string; owner: boolean }>;
}

export interface RoomRowActions {
  copy(link: string, name: string, control: HTMLButtonElement): Promise<void>;
  rename(item: RoomItem, name: string): Promise<boolean>;
  remove(item: RoomItem, name: string): Promise<void>;
}

/** Who is in the room, in a sentence. */
export function presenceSentence(item: RoomItem): string {
  const names = item.participants.map((p) => (p.owner ? `${p.displayName} (you)` : p.displayName));
  if (names.length === 0) return 'Nobody is in the room now.';
  return `In the room now: ${names.join(', ')}.`;
}

export function roomRow(item: RoomItem, name: string | null, encodedKey: string | null, actions: RoomRowActions) {
  const shown = name ?? 'A room (its name is kept on the device that made it)';
  const label = name ?? 'this room';
  const link = roomLink(item.roomUrl, encodedKey);
  const qr = el('canvas', { className: 'qr', role: 'img', 'aria-label': `QR code of the link of ${label}` });
  qr.hidden = true;
  const copy: HTMLButtonElement = button('Copy', () => void actions.copy(link, label, copy), {
    'aria-label': `Copy the link of ${label}`,
  });
  const qrToggle: HTMLButtonElement = button(
    'QR code',
    () => {
      const open = qrToggle.getAttribute('aria-expanded') === 'true';
      const drawn = open
        ? Promise.resolve()
        : QRCode.toCanvas(qr, link, { errorCorrectionLevel: 'M', margin: 2, width: 220 });
      void drawn.then(() => {
        qr.hidden = open;
        qrToggle.setAttribute('aria-expanded', String(!open));
      });
    },
    { 'aria-expanded': 'false', 'aria-label': `QR code of ${label}` },
  );
  const renameInput = el('input', { id: `rename-${item.roomToken}`, maxlength: 100, value: name ?? '' });
  const renameForm = el(
    'form',
    { className: 'rename' },
    el('label', { for: `rename-${item.roomToken}` }, `New name for ${label}`),
    renameInput,
    el('button', { type: 'submit' }, 'Save'),
  );
  renameForm.hidden = true;
  renameForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = renameInput.value.trim();
    if (next) void actions.rename(item, next);
  });
  const rename = button(
    'Rename',
    () => {
      renameForm.hidden = !renameForm.hidden;
      rename.setAttribute('aria-expanded', String(!renameForm.hidden));
      if (!renameForm.hidden) renameInput.focus();
    },
    { 'aria-expanded': 'false', 'aria-label': `Rename ${label}` },
  );
  return el(
    'li',
    { className: 'room-item', 'aria-label': shown },
    el('h3', { text: shown }),
    el('p', { className: 'link-url' }, el('code', { text: link })),
    el('p', { className: 'presence', text: presenceSentence(item) }),
    el(
      'div',
      { className: 'actions' },
      copy,
      qrToggle,
      rename,
      button('Delete', () => void actions.remove(item, label), {
        className: 'danger',
        'aria-label': `Delete ${label}`,
      }),
    ),
    renameForm,
    qr,
  );
}
