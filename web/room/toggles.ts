/**
 * A button whose name says what it will do ("Mute" / "Unmute", "Camera off" / "Camera on", "Share screen"
 * / "Stop sharing"): the name changes with the state, so it carries no aria-pressed (that would say it twice).
 */
import { button } from '../shared/dom.ts';

export interface Toggle {
  element: HTMLButtonElement;
  set(on: boolean): void;
}

/** `labels`: [when off, when on]; a click asks `onChange(!on)`, which answers the state reached. */
export function labelToggle(
  labels: readonly [string, string],
  initiallyOn: boolean,
  onChange: (on: boolean) => boolean | Promise<boolean>,
): Toggle {
  let on = initiallyOn;
  const element = button(labels[on ? 1 : 0], () => {
    void Promise.resolve(onChange(!on)).then((reached) => set(reached));
  });
  const set = (value: boolean) => {
    on = value;
    element.textContent = labels[on ? 1 : 0];
  };
  return { element, set };
}

/** The two media toggles both screens show, on the same LocalMedia. */
export const MUTE_LABELS = ['Mute', 'Unmute'] as const;
export const CAMERA_LABELS = ['Camera off', 'Camera on'] as const;
export const SHARE_LABELS = ['Share screen', 'Stop sharing'] as const;
