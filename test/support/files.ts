// Every file below a folder (for scans such as "the key is in no file").
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

export async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const p = join(root, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(p)));
    else out.push(p);
  }
  return out;
}
