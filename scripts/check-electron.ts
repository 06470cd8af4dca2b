// `npm start` needs the Electron binary; say clearly when it is missing and how to get it.
import { electronBinary } from './electron-binary.js';

if (electronBinary() === null) {
  console.error(
    [
      'Proxy-Seller Traffic Tray: the Electron binary is not installed, so the app cannot start.',
      'It is skipped when installing with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or when the download failed.',
      'On a machine with internet access run:  node node_modules/electron/install.js   (or: npm install)',
      'Everything else (npm test, the CLI: node out/cli/proxy-seller-traffic.mjs) works without it.',
    ].join('\n'),
  );
  process.exit(1);
}
