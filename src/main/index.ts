// Electron entry. The desktop adapters (tray, window, IPC, notifications) arrive with the desktop issue;
// until then this starts, says what it is, and quits cleanly.
import { app } from 'electron';

app.whenReady().then(() => {
  console.log(`${app.getName()} ${app.getVersion()}: the desktop UI is not built yet; use the CLI (proxy-seller-traffic).`);
  app.quit();
}).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  app.exit(1);
});
