// A stand-in for an unpacked Electron distribution, for electron-builder's `electronDist`: where the
// Electron zip cannot be downloaded, electron-builder still packs the app around it (asar, unpacked
// natives, extra resources, renamed executable) and flips the fuses for real, because the stub
// executable carries Electron's fuse wire. It is not a runnable Electron: running it prints a note.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** @electron/fuses finds the wire right after this marker in the binary. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/**
 * Fuse wire version 1 as Electron ships it, one byte per fuse ('1' on, '0' off): RunAsNode on,
 * EnableCookieEncryption off, EnableNodeOptionsEnvironmentVariable on, EnableNodeCliInspectArguments
 * on, EnableEmbeddedAsarIntegrityValidation off, OnlyLoadAppFromAsar off,
 * LoadBrowserProcessSpecificV8Snapshot off, GrantFileProtocolExtraPrivileges on.
 */
export const ELECTRON_DEFAULT_FUSES = '10110001';

export async function writeStandinElectronDist(dir: string, electronVersion: string): Promise<void> {
  await mkdir(join(dir, 'resources'), { recursive: true });
  const wire = Buffer.concat([Buffer.from(FUSE_SENTINEL), Buffer.from([1, ELECTRON_DEFAULT_FUSES.length]), Buffer.from(ELECTRON_DEFAULT_FUSES)]);
  const script = Buffer.from('#!/bin/sh\necho "a stand-in Electron executable for packaging tests; it cannot run the app" >&2\nexit 1\n# ');
  await writeFile(join(dir, 'electron'), Buffer.concat([script, wire, Buffer.from('\n')]));
  await chmod(join(dir, 'electron'), 0o755);
  await writeFile(join(dir, 'version'), `${electronVersion}\n`);
  await writeFile(join(dir, 'LICENSE'), 'Stand-in for the Electron distribution used in packaging tests.\n');
}
