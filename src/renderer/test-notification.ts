// Settings' "Send a test notification": main shows a real one through the alerts' path and says
// whether it could (or that this system has no notifications); the answer is shown beside the button.
import type { TrafficApi } from '../shared/ipc.js';
import { byId, setText } from './dom.js';
import { errorMessage } from '../shared/error-message.js';

export function createTestNotificationButton(api: TrafficApi): void {
  const button = byId('test-notification', HTMLButtonElement);
  const status = byId('test-notification-status');
  button.addEventListener('click', () => {
    button.disabled = true;
    setText(status, 'Sending…');
    status.className = 'form-status';
    api.testNotification().then(
      (result) => {
        button.disabled = false;
        setText(status, result.message);
        status.className = `form-status form-status-${result.shown ? 'ok' : 'bad'}`;
      },
      (e: unknown) => {
        button.disabled = false;
        setText(status, `The test notification could not be sent: ${errorMessage(e)}`);
        status.className = 'form-status form-status-bad';
      },
    );
  });
}
