// Alert decisions become desktop notifications. A click opens the window on the view the alert is
// about (at its package, with several); where the platform has notification buttons (macOS, Windows) there are "Open details" and,
// beside the alerts about traffic, "Top up" (the allow-listed proxy-seller.com link). Linux has no
// buttons in Electron: a click only. List titles in the text are the user's: plain text everywhere,
// escaped on Linux, where the body is read as markup.
import { Notification } from 'electron';
import type { TestNotificationResult, View } from '../shared/ipc.js';
import { offersTopUp, type Alert } from '../core/alerts/rules.js';
import { errorMessage } from '../shared/error-message.js';
import { EXTERNAL_LINKS } from './ipc/handlers.js';
import { NOT_SUPPORTED, OPEN_DETAILS, TEST_BODY, TEST_TITLE, TOP_UP, notificationBody, notificationTitle, testSentText } from './notification-text.js';

// Electron holds a shown notification only weakly: one nothing refers to can be garbage-collected,
// and its click is lost. Each is kept here until it is clicked, closed or fails (at most the last
// few: macOS may keep one in the Notification Center without ever saying it went).
const MAX_KEPT = 20;


/** What a notification shows and where it leads; an Alert, or the test one. */
interface Shown {
  title: string;
  body: string;
  view: View;
  /** The package it is about (Alert.packageId): the window opens at it. */
  packageId?: string;
  urgency: Alert['urgency'];
  topUp: boolean;
}

export interface Notifier {
  show(alert: Alert): void;
  /** Settings' "Send a test notification": a real one through the same path, whatever the settings say. */
  test(): TestNotificationResult;
}

export interface NotifierOptions {
  platform: NodeJS.Platform;
  /** Opens the window on a view, at the package when one is given (PackageView.id). */
  open: (view: View, packageId?: string) => void;
  /** Opens an allow-listed https link in the browser (openExternalSafely). */
  openExternal: (url: string) => Promise<void>;
  onError?: (message: string) => void;
}

export function createNotifier(options: NotifierOptions): Notifier {
  const { platform, open } = options;
  const hasButtons = platform === 'darwin' || platform === 'win32';
  const kept = new Set<Notification>();

  function topUp(): void {
    options.openExternal(EXTERNAL_LINKS['top-up']).catch((e: unknown) => options.onError?.(`could not open the top-up page: ${errorMessage(e)}`));
  }

  function present(s: Shown): void {
    const actions = [OPEN_DETAILS, ...(s.topUp ? [TOP_UP] : [])];
    const n = new Notification({
      title: notificationTitle(s.title),
      body: notificationBody(s.body, platform),
      urgency: s.urgency,
      silent: s.urgency !== 'critical',
      ...(hasButtons ? { actions: actions.map((text) => ({ type: 'button' as const, text })) } : {}),
    });
    const forget = () => kept.delete(n);
    const openIt = () => (s.packageId === undefined ? open(s.view) : open(s.view, s.packageId));
    n.on('click', () => {
      forget();
      openIt();
    });
    n.on('action', (details, legacyIndex) => {
      forget();
      // Electron 45 passes the index in the details; older ones as the second argument.
      const index = typeof details?.actionIndex === 'number' ? details.actionIndex : legacyIndex;
      if (actions[index] === TOP_UP) topUp();
      else openIt();
    });
    n.on('close', forget);
    n.on('failed', forget);
    kept.add(n);
    for (const old of kept) {
      if (kept.size <= MAX_KEPT) break;
      kept.delete(old);
    }
    n.show();
  }

  return {
    show(alert) {
      if (!Notification.isSupported()) return;
      present({ title: alert.title, body: alert.body, view: alert.view, urgency: alert.urgency, topUp: offersTopUp(alert), ...(alert.packageId === undefined ? {} : { packageId: alert.packageId }) });
    },
    test() {
      if (!Notification.isSupported()) return { shown: false, message: NOT_SUPPORTED };
      present({
        title: TEST_TITLE,
        body: TEST_BODY,
        view: 'settings',
        urgency: 'normal',
        topUp: false,
      });
      return { shown: true, message: testSentText(hasButtons) };
    },
  };
}
