// Only the app's own page may call main: the sender frame's URL must be the window's page.
export function isTrustedSender(frameUrl: string | undefined | null, pageUrl: string): boolean {
  if (!frameUrl) return false;
  let frame: URL;
  let page: URL;
  try {
    frame = new URL(frameUrl);
    page = new URL(pageUrl);
  } catch {
    return false;
  }
  if (frame.protocol !== page.protocol) return false;
  if (page.protocol === 'file:') return frame.pathname === page.pathname;
  return frame.origin === page.origin;
}
