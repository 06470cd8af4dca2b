// About: name, version, independence and privacy lines (static in index.html), and a link.
import type { AppView, TrafficApi } from '../shared/ipc.js';
import { byId, setText } from './dom.js';

export interface About {
  render(view: AppView): void;
}

export function createAbout(api: TrafficApi): About {
  const version = byId('about-version');
  byId('about-proxy-seller').addEventListener('click', () => void api.openExternal({ link: 'proxy-seller' }));
  return {
    render(view) {
      setText(version, view.version);
    },
  };
}
