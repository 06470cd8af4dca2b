// The CLI's version, read from the package.json two folders up (from src/cli in development, from
// out/cli when built): the one place the version is written.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const manifest = z.object({ version: z.string().regex(/^\d+\.\d+\.\d+/) });

export function cliVersion(): string {
  try {
    return manifest.parse(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))).version;
  } catch {
    return 'unknown';
  }
}
