// The notifications' own words, apart from src/main/notifications.ts (which needs Electron) so that
// the window tests' main side answers the test button in the same words.
import { oneLine } from '../shared/plain-text.js';
export const OPEN_DETAILS = 'Open details';
export const TOP_UP = 'Top up';
export const TEST_TITLE = 'Test notification';
export const TEST_BODY = 'Alerts from Proxy-Seller Traffic Tray will look like this. Click it to open Settings.';
export const NOT_SUPPORTED = 'This system does not support desktop notifications, so alerts cannot be shown; the tray still shows where you stand.';

/** What the window says once a test notification was sent. */
export function testSentText(hasButtons: boolean): string {
  return hasButtons ? 'Sent. It should appear now, with an "Open details" button.' : 'Sent. It should appear now; clicking it opens Settings.';
}

/**
 * At most this much of a title is given to the platform: a package's label ("Reseller · Client B: ")
 * before the alert's own title keeps it well within, and a long user-given name cannot push the
 * alert's words out of a two-line Windows toast title.
 */
export const TITLE_MAX = 100;

/**
 * The title (summary) as every platform is given it: one plain line, clipped. Names in it are the
 * user's or the API's ("Client B: 2 GB left"): a newline in one would split the summary. Never
 * markup on any platform, so nothing is escaped.
 */
export function notificationTitle(title: string): string {
  return oneLine(title, TITLE_MAX);
}

/**
 * The body as the platform's notifications read it. Linux servers that announce 'body-markup'
 * (GNOME, KDE, dunst, mako, xfce4-notifyd) read the body as markup and Electron passes it through
 * as is: a list title "R&D <b>x</b>" would be dropped or drawn bold. It is escaped there; the
 * summary (title) is never markup. macOS and Windows show plain text as given.
 */
export function notificationBody(body: string, platform: NodeJS.Platform): string {
  if (platform !== 'linux') return body;
  return body.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
