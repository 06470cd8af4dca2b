// Only the app's own page may call main: the sender frame's URL must be of the window's page origin.
// (The frame itself must also be the page's main frame: register.ts checks that, by identity.)
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
  // Compared part by part: URL.origin is 'null' for a custom scheme (app://), whatever the host.
  return frame.host === page.host && frame.username === '' && frame.password === '';
}
