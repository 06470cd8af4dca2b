// The header's sync state: "Updated N min ago" (kept current), a stale marker, the demo label, and the
// Refresh button, which is disabled with a spinner while a sync runs or the refresh call is out.
import type { AppView } from '../shared/ipc.js';
import { byId, setText } from './dom.js';
import { timeAgo } from '../shared/time-ago.js';

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
    const at = view.snapshot.lastSuccessAt;
    setText(updated, at === null ? 'Not updated yet' : `Updated ${timeAgo(now - at, 'long')}`);
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
