// Module resolution hook (node:module register): `import 'electron'` from anywhere, the built main
// bundle and electron-store included, gets the stand-in instead of the binary's path.
let electronUrl;

export function initialize(data) {
  electronUrl = data.electronUrl;
}

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: electronUrl, shortCircuit: true };
  return nextResolve(specifier, context);
}
