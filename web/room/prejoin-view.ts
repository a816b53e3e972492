/**
 * The screen before joining: "Your name", a preview of one's camera, the microphone and camera toggles,
 * the choice of devices, and Join. The same LocalMedia goes on into the room.
 */
import { el } from '../shared/dom.ts';
import type { StatusRegion } from '../shared/status.ts';
import type { DeviceKind, LocalMedia } from './local-media.ts';
import { CAMERA_LABELS, labelToggle, MUTE_LABELS } from './toggles.ts';

export interface PrejoinView {
  element: HTMLElement;
  /** While a join is under way the button waits; a refusal gives it back. */
  setBusy(busy: boolean): void;
  focus(): void;
}

export function prejoinView(
  media: LocalMedia,
  status: StatusRegion,
  initialName: string,
  onJoin: (name: string) => void,
): PrejoinView {
  const name = el('input', { id: 'display-name', name: 'displayName', autocomplete: 'name', maxlength: 255 });
  name.value = initialName;
  const preview = el('video', { className: 'preview', autoplay: true, playsinline: true, 'aria-label': 'Your camera' });
  preview.muted = true;
  preview.srcObject = media.stream;
  preview.hidden = !media.hasCamera;
  const mute = labelToggle(MUTE_LABELS, media.microphoneOff, (off) => {
    media.setMicrophoneOff(off);
    status.say(off ? 'Your microphone is off.' : 'Your microphone is on.');
    return off;
  });
  const camera = labelToggle(CAMERA_LABELS, media.cameraOff, (off) => {
    media.setCameraOff(off);
    status.say(off ? 'Your camera is off.' : 'Your camera is on.');
    return off;
  });
  mute.element.disabled = !media.hasMicrophone;
  camera.element.disabled = !media.hasCamera;
  const join = el('button', { type: 'submit', className: 'primary' }, 'Join');
  const form = el(
    'form',
    { className: 'prejoin' },
    el('h2', { text: 'Ready to join?' }),
    el('label', { for: 'display-name' }, 'Your name'),
    name,
    preview,
    el('div', { className: 'controls' }, mute.element, camera.element),
    deviceChoice(media, 'videoinput', 'Camera', () => (preview.srcObject = media.stream)),
    deviceChoice(media, 'audioinput', 'Microphone'),
    el('div', { className: 'actions' }, join),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = name.value.trim();
    if (!chosen) {
      status.say('Type your name: the others see it.');
      name.focus();
      return;
    }
    onJoin(chosen);
  });
  return {
    element: form,
    setBusy(busy) {
      join.disabled = busy;
    },
    focus() {
      (name.value ? join : name).focus();
    },
  };
}

/** A labelled select of the devices of one kind, filled once the browser lists them. */
function deviceChoice(media: LocalMedia, kind: DeviceKind, label: string, changed?: () => void): HTMLElement {
  const id = `device-${kind}`;
  const select = el('select', { id, name: kind });
  const wrapper = el('div', { className: 'device' }, el('label', { for: id }, label), select);
  wrapper.hidden = true;
  void media.devices(kind).then((devices) => {
    const current = media.current(kind);
    select.replaceChildren(
      ...devices.map((device, i) =>
        el(
          'option',
          { value: device.deviceId, selected: device.deviceId === current },
          device.label || `${label} ${i + 1}`,
        ),
      ),
    );
    wrapper.hidden = devices.length === 0;
  });
  select.addEventListener('change', () => {
    void media.use(kind, select.value).then(() => changed?.());
  });
  return wrapper;
}
