// Status banners above the content: the sync problem (what went wrong, what to do), offline, paused,
// keychain trouble and start-up notices (dismissable). The last good figures stay on screen below.
import type { AppView, ExternalLink } from '../shared/ipc.js';
import { KEYCHAIN_START_ADVICE, KEYCHAIN_UNLOCK_ADVICE } from '../shared/keychain-advice.js';
import { longRateLimitUntil, rateLimitedUntilText } from '../shared/rate-limit.js';
import type { Problem } from '../shared/types.js';
import { localDateOf, localTimeOf } from '../shared/local-dates.js';
import { el } from './dom.js';

export interface BannerActions {
  openExternal(link: ExternalLink): void;
  showSettings(): void;
  resume(): void;
}

export interface Banners {
  /** `welcome`: the welcome is showing and already asks for the key. */
  render(view: AppView, welcome: boolean): void;
}

type Tone = 'error' | 'warning' | 'info';

interface Spec {
  /** Same key = same content: the element is kept, so screen readers do not hear it again. */
  key: string;
  tone: Tone;
  title: string;
  text: string;
  buttons: Array<{ label: string; run(): void }>;
  /** Technical text (codes, statuses, the API's words) behind a "Details" disclosure. */
  detail?: string;
  dismiss?: () => void;
}

/** "14:47", or "2026-11-27 09:05" when not today. */
function clockText(at: number, now: number, zone: string): string {
  const date = localDateOf(at, zone);
  return date === localDateOf(now, zone) ? localTimeOf(at, zone) : `${date} ${localTimeOf(at, zone)}`;
}

/** The view gives the time and zone main read the problem in (the banner keeps no clock). */
function problemSpec(p: Problem, view: AppView, actions: BannerActions): Spec {
  const snapshot = view.snapshot;
  const tone: Tone = p.needsAction ? 'error' : 'warning';
  // A passing fault is retried by itself: say when, as the tray does ("…; trying again at 14:47").
  const retry = !p.needsAction && view.nextCheckAt !== null && !view.paused ? clockText(Math.max(view.nextCheckAt, snapshot.generatedAt), snapshot.generatedAt, snapshot.localTimeZone) : null;
  const base = {
    key: `problem:${p.kind}:${p.message}:${p.action}:${p.ip ?? ''}:${p.retryAt ?? ''}:${retry ?? ''}:${p.detail ?? ''}`,
    tone,
    ...(p.detail ? { detail: p.detail } : {}),
  };
  const apiSettings = { label: 'Open API settings', run: () => actions.openExternal('api-settings') };
  switch (p.kind) {
    case 'ip-not-allowed':
      return {
        ...base,
        // Main's action says the same; the IP and the remedy fit in one line.
        title: `${p.ip ? `IP ${p.ip}` : 'This IP'} is not allowed: add it in your Proxy-Seller API settings (allowed IPs).`,
        text: '',
        buttons: [apiSettings],
      };
    case 'access-denied':
      return { ...base, title: p.message, text: p.action, buttons: [apiSettings, { label: 'Check the key', run: actions.showSettings }] };
    case 'no-key':
      return { ...base, title: p.message, text: p.action, buttons: [{ label: 'Enter a key', run: actions.showSettings }] };
    case 'no-package':
      return { ...base, title: p.message, text: p.action, buttons: [{ label: 'Open proxy-seller.com', run: () => actions.openExternal('proxy-seller') }] };
    case 'rate-limited': {
      // A long pause names the time polling resumes (the same time the tray shows); a short one
      // keeps the plain message.
      const until = longRateLimitUntil(p, snapshot.generatedAt);
      if (until === null) return { ...base, title: p.message, text: p.action, buttons: [] };
      return {
        ...base,
        title: `${rateLimitedUntilText(until, snapshot.generatedAt, snapshot.localTimeZone)}.`,
        text: 'Proxy-Seller asked for a long pause; polling resumes by itself then. The figures below are the last ones fetched.',
        buttons: [],
      };
    }
    default: {
      const title = retry === null ? p.message : `${p.message.replace(/\.$/, '')}; trying again at ${retry}.`;
      return { ...base, title, text: p.action, buttons: [] };
    }
  }
}

function build(spec: Spec): HTMLElement {
  const buttons = spec.buttons.map((b) => {
    const e = el('button', { class: 'button', text: b.label, attrs: { type: 'button' } });
    e.addEventListener('click', b.run);
    return e;
  });
  if (spec.dismiss) {
    const close = el('button', { class: 'button button-quiet', text: 'Dismiss', attrs: { type: 'button' } });
    close.addEventListener('click', spec.dismiss);
    buttons.push(close);
  }
  return el(
    'div',
    { class: `banner banner-${spec.tone}`, attrs: { role: spec.tone === 'error' ? 'alert' : 'status', 'data-banner': spec.key.split(':')[0] ?? '' } },
    el('div', { class: 'banner-text' }, el('strong', { text: spec.title }), spec.text ? el('span', { text: ` ${spec.text}` }) : null),
    buttons.length > 0 ? el('div', { class: 'banner-actions' }, ...buttons) : null,
    spec.detail ? el('details', { class: 'banner-details' }, el('summary', { text: 'Details' }), el('p', { text: spec.detail })) : null,
  );
}

export function createBanners(root: HTMLElement, actions: BannerActions): Banners {
  const shown = new Map<string, HTMLElement>();
  const dismissed = new Set<string>();
  let lastArgs: [AppView, boolean] | null = null;

  function render(view: AppView, welcome: boolean): void {
    lastArgs = [view, welcome];
    const specs: Spec[] = [];
    const p = view.snapshot.problem;
    const keychainProblem = view.key.keychainError !== null;
    // The welcome already asks for a key; offline already explains a failed connection.
    const hideProblem = p === null || (welcome && (p.kind === 'no-key' || p.kind === 'keychain-unavailable')) || (!view.online && p.kind === 'transport');
    if (p && !hideProblem) specs.push(problemSpec(p, view, actions));
    if (keychainProblem && !welcome && p?.kind !== 'keychain-unavailable') {
      specs.push({
        key: `keychain:${view.key.keychainError}`,
        tone: 'error',
        title: view.key.keychainError ?? 'The system keychain is unavailable.',
        text: view.key.keychainLocked ? KEYCHAIN_UNLOCK_ADVICE : KEYCHAIN_START_ADVICE,
        buttons: [],
      });
    }
    if (!view.online) {
      specs.push({
        key: 'offline',
        tone: 'info',
        title: 'You are offline.',
        text: 'The figures are the last ones fetched; they update when the connection is back.',
        buttons: [],
      });
    }
    if (view.paused) {
      specs.push({ key: 'paused', tone: 'info', title: 'Polling is paused.', text: 'The figures do not update by themselves.', buttons: [{ label: 'Resume', run: actions.resume }] });
    }
    for (const notice of view.notices) {
      const key = `notice:${notice}`;
      if (dismissed.has(key)) continue;
      specs.push({
        key,
        tone: 'info',
        title: notice,
        text: '',
        buttons: [],
        dismiss: () => {
          dismissed.add(key);
          if (lastArgs) render(...lastArgs);
        },
      });
    }

    const next: HTMLElement[] = [];
    const keep = new Set<string>();
    for (const spec of specs) {
      keep.add(spec.key);
      let e = shown.get(spec.key);
      if (!e) {
        e = build(spec);
        shown.set(spec.key, e);
      }
      next.push(e);
    }
    for (const key of [...shown.keys()]) if (!keep.has(key)) shown.delete(key);
    const same = next.length === root.children.length && next.every((e, i) => root.children[i] === e);
    if (!same) root.replaceChildren(...next);
  }

  return { render };
}
