/**
 * The room's text chat: a log of lines ("Ana: hello"), a "Message" field and Send. Lines travel on the
 * data channels of the mesh (mesh-peer.ts), so the server never sees them.
 */
import { el } from '../shared/dom.ts';

export class ChatView {
  readonly element: HTMLElement;
  private readonly log = el('ol', { className: 'chat-log', role: 'log', 'aria-label': 'Chat history' });
  private readonly input = el('input', { id: 'chat-message', name: 'message', autocomplete: 'off', maxlength: 2000 });

  constructor(send: (text: string) => boolean) {
    const form = el(
      'form',
      { className: 'chat-form' },
      el('label', { for: 'chat-message' }, 'Message'),
      this.input,
      el('button', { type: 'submit' }, 'Send'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = this.input.value.trim();
      if (!text) return;
      if (send(text)) {
        this.add('You', text);
        this.input.value = '';
      }
    });
    this.element = el(
      'section',
      { className: 'chat', 'aria-labelledby': 'chat-title' },
      el('h2', { id: 'chat-title', text: 'Chat' }),
      this.log,
      form,
    );
  }

  add(from: string, text: string): void {
    this.log.append(el('li', {}, el('strong', { text: `${from}: ` }), text));
    this.log.scrollTop = this.log.scrollHeight;
  }
}
