// Alert decisions become desktop notifications; a click opens the window on the relevant view.
import { Notification } from 'electron';
import type { View } from '../shared/ipc.js';
import type { Alert } from './engine/alerts/rules.js';

export function showAlert(alert: Alert, open: (view: View) => void): void {
  if (!Notification.isSupported()) return;
  const n = new Notification({ title: alert.title, body: alert.body, urgency: alert.urgency, silent: alert.urgency !== 'critical' });
  n.on('click', () => open(alert.view));
  n.show();
}
