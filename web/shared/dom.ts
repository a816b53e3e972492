/** A few DOM helpers: elements are built with properties, never with HTML strings (nothing to escape). */
type Child = Node | string | null | undefined | false;
type Props = Record<string, string | boolean | number | EventListener | undefined>;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'text') element.textContent = String(value);
    else if (name === 'className') element.className = String(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child) element.append(child);
  return element;
}

export function button(label: string, onClick: () => void, props: Props = {}): HTMLButtonElement {
  return el('button', { type: 'button', ...props, onclick: () => onClick() }, label);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} missing from the page`);
  return element as T;
}

/** Moves focus to the first control of a container that replaced the one focus was on (keyboard users). */
export function focusFirst(container: HTMLElement, selector = 'button:not([disabled]), input, select'): void {
  container.querySelector<HTMLElement>(selector)?.focus();
}
