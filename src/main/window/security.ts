// The details window's security settings, as data, so a test can assert them without Electron.

/** The page's Content-Security-Policy (also in src/renderer/index.html; a test checks they match). */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:";

export interface SecureWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  spellcheck: false;
  navigateOnDragDrop: false;
}

export function secureWebPreferences(preload: string): SecureWebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
  };
}

export function detailsWindowOptions(preload: string, dark: boolean) {
  return {
    width: 980,
    height: 760,
    minWidth: 640,
    minHeight: 520,
    show: false,
    title: 'Proxy-Seller Traffic Tray',
    backgroundColor: dark ? '#15171a' : '#f6f7f9',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preload),
  };
}

/** Navigation away from the app's page is never allowed; the window only ever shows its own page. */
export function isAllowedNavigation(targetUrl: string, pageUrl: string): boolean {
  try {
    const target = new URL(targetUrl);
    const page = new URL(pageUrl);
    return target.protocol === page.protocol && target.host === page.host && target.pathname === page.pathname;
  } catch {
    return false;
  }
}
