// Secrets (the API key, list passwords) may come back inside server text: an echoed path, a
// proxy error page. Everything we build from such text passes through here first.

const MASK = '***';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function forms(secret: string): string[] {
  const out = new Set<string>([secret]);
  try {
    out.add(encodeURIComponent(secret));
    out.add(encodeURI(secret));
  } catch {
    // A lone surrogate cannot be encoded; the raw form is still masked.
  }
  // application/x-www-form-urlencoded writes spaces as '+'.
  out.add(new URLSearchParams({ k: secret }).toString().slice(2));
  // PHP's json_encode escapes '/' as '\/'; a raw body could carry that form.
  out.add(secret.replaceAll('/', '\\/'));
  return [...out].filter((f) => f.length > 0);
}

/**
 * Replaces every occurrence of each secret with `***`, in its raw, encodeURI, encodeURIComponent,
 * form-encoded and JSON-escaped forms. Matching ignores case, so lower-case percent escapes are caught
 * too. Empty secrets are ignored.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const all = new Set<string>();
  for (const s of secrets) {
    if (s.length === 0) continue;
    for (const f of forms(s)) all.add(f);
  }
  if (all.size === 0) return text;
  // Longest first, so a longer form is not half-masked by a shorter one it contains.
  const pattern = [...all].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  return text.replace(new RegExp(pattern, 'gi'), MASK);
}
