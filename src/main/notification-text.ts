// The notifications' own words, apart from src/main/notifications.ts (which needs Electron) so that
// the window tests' main side answers the test button in the same words.
export const OPEN_DETAILS = 'Open details';
export const TOP_UP = 'Top up';
export const TEST_TITLE = 'Test notification';
export const TEST_BODY = 'Alerts from Proxy-Seller Traffic Tray will look like this. Click it to open Settings.';
export const NOT_SUPPORTED = 'This system does not support desktop notifications, so alerts cannot be shown; the tray still shows where you stand.';

/** What the window says once a test notification was sent. */
export function testSentText(hasButtons: boolean): string {
  return hasButtons ? 'Sent. It should appear now, with an "Open details" button.' : 'Sent. It should appear now; clicking it opens Settings.';
}
