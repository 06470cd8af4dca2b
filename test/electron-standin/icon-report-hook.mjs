// An afterPack hook for packaging-build.test.ts (-c.afterPack=...): asks electron-builder itself which
// icons the platforms' packages would carry, with its own resolution and size checks, and writes the
// answer as JSON to the file PST_ICON_REPORT names. The --dir build installs no icons, so this is
// what the AppImage and deb (Linux) and the NSIS installer and the .exe (Windows) would use.
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { LinuxTargetHelper } = require('app-builder-lib/out/targets/LinuxTargetHelper.js');

export default async function afterPack(context) {
  const { packager } = context;
  const linux = await new LinuxTargetHelper(packager).icons;
  // The same resolution the Windows packager runs for win.icon (it refuses an .ico under 256 px).
  const win = await packager.resolveIcon([packager.config.win.icon], [], 'ico');
  await writeFile(process.env.PST_ICON_REPORT, JSON.stringify({ linux, win }));
}
