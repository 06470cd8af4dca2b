// The header's sync state: "Updated N min ago" (kept current) while fresh; when stale, the time of
// the last good update and of the next try beside the marker (never "just now" beside "Stale"); the
// demo label; and the Refresh button, disabled with a spinner while a sync runs or the call is out.
import type { AppView } from '../shared/ipc.js';
import { byId, setText } from './dom.js';
import { timeAgo } from '../shared/time-ago.js';
import { shortDay } from '../shared/forecast-text.js';
import { localDateOf, localTimeOf } from '../shared/local-dates.js';

/** "14:32" today, "Nov 25, 14:32" another day, in the user's zone. */
function clockText(at: number, now: number, zone: string): string {
  const date = localDateOf(at, zone);
  const today = localDateOf(now, zone);
  return date === today ? localTimeOf(at, zone) : `${shortDay(date, today, navigator.language)}, ${localTimeOf(at, zone)}`;
}

/** The header's words for the sync state at `now`. */
export function updatedText(view: AppView, now: number): string {
  const s = view.snapshot;
  const at = s.lastSuccessAt;
  if (at === null) return 'Not updated yet';
  if (!s.stale) return `Updated ${timeAgo(now - at, 'long')}`;
  const next = view.nextCheckAt !== null && !view.paused && view.online ? `, next try ${clockText(Math.max(now, view.nextCheckAt), now, s.localTimeZone)}` : '';
  return `Last good update ${clockText(at, now, s.localTimeZone)}${next}`;
}

export interface SyncStatus {
  render(view: AppView): void;
  /** Redraws the age ("Updated N min ago") against the clock. */
  tick(now: number): void;
  /** Whether a refresh may start (none running). */
  canRefresh(): boolean;
  setRefreshing(on: boolean): void;
}

export function createSyncStatus(onRefresh: () => void): SyncStatus {
  const updated = byId('updated');
  const stale = byId('stale-badge');
  const demo = byId('demo-badge');
  const button = byId('refresh', HTMLButtonElement);
  const label = button.querySelector('.refresh-label') ?? button;
  let view: AppView | null = null;
  let refreshing = false;

  button.addEventListener('click', onRefresh);

  function busy(): boolean {
    return refreshing || (view?.syncing ?? false) || (view?.snapshot.syncing ?? false);
  }

  function paintButton(): void {
    const b = busy();
    button.disabled = b;
    button.classList.toggle('is-busy', b);
    button.setAttribute('aria-busy', String(b));
    setText(label, b ? 'Refreshing…' : 'Refresh');
  }

  function tick(now: number): void {
    if (!view) return;
    setText(updated, updatedText(view, now));
  }

  return {
    render(next) {
      view = next;
      stale.hidden = !next.snapshot.stale || next.snapshot.lastSuccessAt === null;
      demo.hidden = !next.demo;
      paintButton();
      tick(Date.now());
    },
    tick,
    canRefresh: () => !busy(),
    setRefreshing(on) {
      refreshing = on;
      paintButton();
    },
  };
}
