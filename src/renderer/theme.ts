// Follows the system light/dark setting; the CSS does the colours, this tells the chart to reread them.
export function onThemeChange(listener: () => void): () => void {
  const query = window.matchMedia('(prefers-color-scheme: dark)');
  const handler = () => listener();
  query.addEventListener('change', handler);
  return () => query.removeEventListener('change', handler);
}
