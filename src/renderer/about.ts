// About: name, version, independence and privacy lines (static in index.html), a link, and the log
// folder (main opens it; the window only shows where it is).
import type { AppView, LogFolderResult, TrafficApi } from '../shared/ipc.js';
import { byId, setText } from './dom.js';
import { errorMessage } from '../shared/error-message.js';

export interface About {
  render(view: AppView): void;
}

/** What the status line says after "Open log folder": where the log is, and why it did not open if so. */
export function logFolderText(result: LogFolderResult): string {
  const where = `The log is ${result.file} in ${result.folder}.`;
  return result.error === null ? where : `The folder could not be opened (${result.error}). ${where}`;
}

export function createAbout(api: TrafficApi): About {
  const version = byId('about-version');
  const logStatus = byId('about-log-status');
  byId('about-proxy-seller').addEventListener('click', () => void api.openExternal({ link: 'proxy-seller' }));
  byId('about-open-log').addEventListener('click', () => {
    api.openLogFolder().then(
      (result) => {
        setText(logStatus, logFolderText(result));
        logStatus.classList.toggle('form-status-bad', result.error !== null);
      },
      (e: unknown) => {
        setText(logStatus, `The log folder could not be opened: ${errorMessage(e)}`);
        logStatus.classList.add('form-status-bad');
      },
    );
  });
  return {
    render(view) {
      setText(version, view.version);
    },
  };
}
