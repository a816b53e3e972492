/**
 * The in-call screen of both pages: the other person's video large, one's own small (muted, mirrored),
 * and three real buttons — Mute, Camera off (toggles, with aria-pressed) and Hang up.
 */
import { button, el } from './dom.ts';

export interface CallViewOptions {
  otherName: string;
  localStream: MediaStream;
  onHangUp(): void;
  onToggle?(what: 'microphone' | 'camera', off: boolean): void;
}

export interface CallView {
  element: HTMLElement;
  showRemote(stream: MediaStream): void;
  hangUpButton: HTMLButtonElement;
}

function toggle(label: string, tracks: () => MediaStreamTrack[], onChange: (off: boolean) => void): HTMLButtonElement {
  const control = button(
    label,
    () => {
      const off = control.getAttribute('aria-pressed') !== 'true';
      for (const track of tracks()) track.enabled = !off;
      control.setAttribute('aria-pressed', String(off));
      onChange(off);
    },
    { 'aria-pressed': 'false', className: 'toggle' },
  );
  return control;
}

export function callView(options: CallViewOptions): CallView {
  const { localStream } = options;
  const remote = el('video', {
    className: 'remote-video',
    autoplay: true,
    playsinline: true,
    'aria-label': `Video of ${options.otherName}`,
  });
  const waiting = el('p', { className: 'remote-waiting', text: `Waiting for ${options.otherName}…` });
  const local = el('video', {
    className: 'local-video',
    autoplay: true,
    playsinline: true,
    'aria-label': 'Your camera',
  });
  local.muted = true;
  local.srcObject = localStream;
  const hasVideo = localStream.getVideoTracks().length > 0;
  local.hidden = !hasVideo;
  const mute = toggle(
    'Mute',
    () => localStream.getAudioTracks(),
    (off) => options.onToggle?.('microphone', off),
  );
  const camera = hasVideo
    ? toggle(
        'Camera off',
        () => localStream.getVideoTracks(),
        (off) => options.onToggle?.('camera', off),
      )
    : null;
  const hangUp = button('Hang up', () => options.onHangUp(), { className: 'danger' });
  const element = el(
    'section',
    { className: 'call', 'aria-label': `Call with ${options.otherName}` },
    el('div', { className: 'videos' }, remote, waiting, local),
    el('div', { className: 'controls' }, mute, camera, hangUp),
  );
  return {
    element,
    hangUpButton: hangUp,
    showRemote(stream) {
      if (remote.srcObject !== stream) remote.srcObject = stream;
      const video = stream.getVideoTracks().length > 0;
      remote.hidden = !video;
      waiting.textContent = video ? '' : `Audio call with ${options.otherName}`;
      waiting.hidden = video;
      void remote.play().catch(() => undefined);
    },
  };
}
