// Alert decisions become desktop notifications; a click opens the window on the relevant view.
import { Notification } from 'electron';
import type { View } from '../shared/ipc.js';
import type { Alert } from '../core/alerts/rules.js';

// Electron holds a shown notification only weakly: one nothing refers to can be garbage-collected,
// and its click is lost. Each is kept here until it is clicked, closed or fails (at most the last
// few: macOS may keep one in the Notification Center without ever saying it went).
const shown = new Set<Notification>();
const MAX_KEPT = 20;

export function showAlert(alert: Alert, open: (view: View) => void): void {
  if (!Notification.isSupported()) return;
  const n = new Notification({ title: alert.title, body: alert.body, urgency: alert.urgency, silent: alert.urgency !== 'critical' });
  const forget = () => shown.delete(n);
  n.on('click', () => {
    forget();
    open(alert.view);
  });
  n.on('close', forget);
  n.on('failed', forget);
  shown.add(n);
  for (const old of shown) {
    if (shown.size <= MAX_KEPT) break;
    shown.delete(old);
  }
  n.show();
}
