/**
 * Bob's call links: a form (his name as the caller will see it, whom the link is for, how long it lasts),
 * and the list of live links, each with its expiry, "Copy link" ("Copied!"), a QR code drawn locally,
 * and "Revoke".
 */
import QRCode from 'qrcode';
import { button, el, focusFirst } from '../shared/dom.ts';
import { LoopError } from '@loop/client';
import { apiErrorSentence } from '../shared/plain-words.ts';
import type { StatusRegion } from '../shared/status.ts';
import { formatDateTime } from '../shared/time.ts';
import type { CalleeSession } from './session.ts';

interface LinkItem {
  callToken: string;
  callUrl: string;
  callerId: string;
  issuer: string;
  expires: number;
}

const NAME_KEY = 'loop.displayName';
const LIFETIMES: readonly [hours: number, label: string][] = [
  [1, '1 hour'],
  [24, '1 day'],
  [168, '1 week'],
  [720, '30 days'],
];

function sentenceOf(error: unknown): string {
  return error instanceof LoopError ? apiErrorSentence(error) : 'Something went wrong. Please try again.';
}

export class LinksView {
  readonly element: HTMLElement;
  private readonly list = el('ul', { className: 'links', 'aria-label': 'Your links' });
  private readonly empty = el('p', { className: 'muted', text: 'No links yet.' });

  constructor(
    private readonly session: CalleeSession,
    private readonly status: StatusRegion,
  ) {
    this.element = el(
      'section',
      { 'aria-labelledby': 'links-title' },
      el('h2', { id: 'links-title', text: 'Your links' }),
      this.form(),
      this.empty,
      this.list,
    );
  }

  async refresh(): Promise<void> {
    try {
      const { data } = await this.session.signed((api) => api.GET('/call-url'));
      this.render(data);
    } catch (error) {
      this.status.say(sentenceOf(error));
    }
  }

  private form(): HTMLFormElement {
    const name = el('input', { id: 'issuer', name: 'issuer', autocomplete: 'name', maxlength: 255, required: true });
    name.value = readName();
    const who = el('input', { id: 'caller-id', name: 'callerId', maxlength: 255, required: true });
    const lifetime = el(
      'select',
      { id: 'lifetime', name: 'lifetime' },
      ...LIFETIMES.map(([hours, label]) => el('option', { value: String(hours), selected: hours === 24 }, label)),
    );
    const form = el(
      'form',
      { className: 'new-link' },
      el('label', { for: 'issuer' }, 'Your name (the caller sees it)'),
      name,
      el('label', { for: 'caller-id' }, 'Who is this link for?'),
      who,
      el('label', { for: 'lifetime' }, 'Valid for'),
      lifetime,
      el('button', { type: 'submit', className: 'primary' }, 'Make a link'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.create(name.value.trim(), who.value.trim(), Number(lifetime.value)).then((made) => {
        if (made) {
          who.value = '';
          who.focus();
        }
      });
    });
    return form;
  }

  private async create(issuer: string, callerId: string, hours: number): Promise<boolean> {
    if (!issuer || !callerId) {
      this.status.say('Fill in your name and whom the link is for.');
      return false;
    }
    writeName(issuer);
    try {
      await this.session.signed((api) => api.POST('/call-url', { body: { callerId, issuer, expiresIn: hours } }));
      this.status.say(`Link for ${callerId} made. Copy it and send it to them.`);
      await this.refresh();
      return true;
    } catch (error) {
      this.status.say(sentenceOf(error));
      return false;
    }
  }

  private render(items: LinkItem[]): void {
    this.empty.hidden = items.length > 0;
    const sorted = [...items].sort((a, b) => b.expires - a.expires);
    this.list.replaceChildren(...sorted.map((item) => this.row(item)));
  }

  private row(item: LinkItem): HTMLLIElement {
    const qr = el('canvas', { className: 'qr', role: 'img', 'aria-label': `QR code of the link for ${item.callerId}` });
    qr.hidden = true;
    const copy: HTMLButtonElement = button('Copy link', () => void this.copy(item, copy));
    const qrToggle: HTMLButtonElement = button('QR code', () => void this.toggleQr(item, qr, qrToggle), {
      'aria-expanded': 'false',
    });
    const row = el(
      'li',
      { className: 'link' },
      el('p', { className: 'link-for' }, el('strong', { text: `For ${item.callerId}` })),
      el('p', { className: 'link-url' }, el('code', { text: item.callUrl })),
      el(
        'p',
        { className: 'muted' },
        'Valid until ',
        el('time', { datetime: new Date(item.expires * 1000).toISOString(), text: formatDateTime(item.expires) }),
      ),
      el(
        'div',
        { className: 'actions' },
        copy,
        qrToggle,
        button('Revoke', () => void this.revoke(item, row), {
          className: 'danger',
          'aria-label': `Revoke the link for ${item.callerId}`,
        }),
      ),
      qr,
    );
    copy.setAttribute('aria-label', `Copy the link for ${item.callerId}`);
    return row;
  }

  private async copy(item: LinkItem, control: HTMLButtonElement): Promise<void> {
    try {
      await navigator.clipboard.writeText(item.callUrl);
    } catch {
      this.status.say('Your browser did not allow copying: select the link and copy it yourself.');
      return;
    }
    const label = control.getAttribute('aria-label') ?? '';
    control.textContent = 'Copied!';
    control.setAttribute('aria-label', 'Copied!');
    this.status.say(`The link for ${item.callerId} is copied.`);
    setTimeout(() => {
      control.textContent = 'Copy link';
      control.setAttribute('aria-label', label);
    }, 2000);
  }

  private async toggleQr(item: LinkItem, canvas: HTMLCanvasElement, control: HTMLButtonElement): Promise<void> {
    const open = control.getAttribute('aria-expanded') === 'true';
    if (!open) await QRCode.toCanvas(canvas, item.callUrl, { errorCorrectionLevel: 'M', margin: 2, width: 220 });
    canvas.hidden = open;
    control.setAttribute('aria-expanded', String(!open));
  }

  private async revoke(item: LinkItem, row: HTMLLIElement): Promise<void> {
    try {
      await this.session.signed((api) =>
        api.DELETE('/call-url/{token}', { params: { path: { token: item.callToken } } }),
      );
    } catch (error) {
      if (!(error instanceof LoopError && error.errno === 105)) {
        this.status.say(sentenceOf(error));
        return;
      }
    }
    row.remove();
    this.empty.hidden = this.list.childElementCount > 0;
    this.status.say(`The link for ${item.callerId} no longer works.`);
    focusFirst(this.element, 'input');
  }
}

function readName(): string {
  try {
    return localStorage.getItem(NAME_KEY) ?? '';
  } catch {
    return '';
  }
}

function writeName(name: string): void {
  try {
    localStorage.setItem(NAME_KEY, name);
  } catch {
    // Not kept: asked again next time.
  }
}
