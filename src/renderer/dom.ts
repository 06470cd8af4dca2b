// Small DOM helpers. Text goes in through textContent only: nothing from main is parsed as HTML.

type Child = Node | string | null | undefined | false;

export interface Props {
  class?: string;
  text?: string;
  attrs?: Record<string, string>;
}

/** Creates an element with a class, text or attributes, and children. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.class) e.className = props.class;
  if (props.text !== undefined) e.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) e.setAttribute(k, v);
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c);
  }
  return e;
}

/** The element with this id, of this type; a missing one is a bug in index.html, so it throws. */
export function byId<T extends HTMLElement = HTMLElement>(id: string, type?: new () => T): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`#${id} is missing from the page`);
  if (type && !(e instanceof type)) throw new Error(`#${id} is not a ${type.name}`);
  return e as T;
}

/** Sets text only when it changed, so screen readers and selection are not disturbed needlessly. */
export function setText(e: Element, text: string): void {
  if (e.textContent !== text) e.textContent = text;
}
