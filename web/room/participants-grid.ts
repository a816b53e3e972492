/**
 * The region named "Participants": one tile per stream, each a figure labelled with the person's name
 * (their camera), "<name>'s screen" (a shared screen), or "<name> (you)" (one's own preview, muted).
 * A person whose video has not arrived yet still has a tile with their name.
 */
import { el } from '../shared/dom.ts';

const tileKey = (pid: string, streamId: string | null) => `${pid}/${streamId ?? 'camera'}`;

export class ParticipantsGrid {
  readonly element = el('section', { className: 'grid', 'aria-label': 'Participants' });
  private readonly tiles = new Map<string, HTMLElement>();

  /** One's own tile, first. */
  showSelf(name: string, stream: MediaStream): void {
    const video = this.tile('self', null, `${name} (you)`, true);
    video.srcObject = stream;
  }

  /** Somebody is here (before any video). */
  addPerson(pid: string, name: string): void {
    this.tile(pid, null, name, false);
  }

  showCamera(pid: string, name: string, stream: MediaStream): void {
    this.play(this.tile(pid, null, name, false), stream);
  }

  showScreen(pid: string, name: string, stream: MediaStream): void {
    this.play(this.tile(pid, stream.id, `${name}'s screen`, false), stream);
  }

  /** A screen stopped (the camera tile stays). */
  removeStream(pid: string, streamId: string): void {
    const key = tileKey(pid, streamId);
    this.tiles.get(key)?.remove();
    this.tiles.delete(key);
  }

  /** A person left: all their tiles go. */
  removePerson(pid: string): void {
    for (const [key, tile] of this.tiles)
      if (key.startsWith(`${pid}/`)) {
        tile.remove();
        this.tiles.delete(key);
      }
  }

  /** One's own shared screen, as a tile beside one's camera; null removes it. */
  showOwnScreen(stream: MediaStream | null): void {
    for (const key of [...this.tiles.keys()])
      if (key.startsWith('self/') && key !== tileKey('self', null)) this.removeStream('self', key.slice(5));
    if (stream) this.tile('self', stream.id, 'Your screen', true).srcObject = stream;
  }

  clear(): void {
    this.element.replaceChildren();
    this.tiles.clear();
  }

  private tile(pid: string, streamId: string | null, label: string, muted: boolean): HTMLVideoElement {
    const key = tileKey(pid, streamId);
    let tile = this.tiles.get(key);
    if (!tile) {
      const video = el('video', { autoplay: true, playsinline: true });
      video.muted = muted;
      tile = el(
        'figure',
        { className: pid === 'self' && streamId === null ? 'tile self' : 'tile' },
        video,
        el('figcaption'),
      );
      this.tiles.set(key, tile);
      this.element.append(tile);
    }
    tile.setAttribute('aria-label', label);
    const caption = tile.querySelector('figcaption');
    if (caption) caption.textContent = label;
    return tile.querySelector('video') as HTMLVideoElement;
  }

  private play(video: HTMLVideoElement, stream: MediaStream): void {
    if (video.srcObject !== stream) video.srcObject = stream;
    void video.play().catch(() => undefined);
  }
}
