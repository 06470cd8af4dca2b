// Renders every icon file the packages ship from the app icon painter (icons/app-icon.ts):
//   build/icon.png (1024 px: the master; electron-builder derives the macOS .icns from it),
//   build/icon.ico (Windows) and build/icons/NxN.png (Linux), each size drawn by the painter itself:
//   below 48 px it leaves out the bars and thickens the ring, which a downscaled master would blur.
// The tray icon is not among them: the app draws it live (src/main/tray/icon.ts).
//
//   npm run icons              write the files (those whose pixels changed)
//   npm run icons -- --check   exit 1 when a committed file differs from what would be written
//
// Files are compared by their pixels, not their bytes: zlib builds may compress the same pixels
// differently, and a check that failed on another machine for that reason would only be noise.
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import { renderAppIcon } from './icons/app-icon.js';
import { encodeIcoFromBitmaps, readIcoDirectory } from './icons/ico.js';
import { encodePng } from './icons/png.js';
import type { IconBitmap } from '../src/main/tray/icon.js';

export const APP_ICO_SIZES = [16, 20, 24, 32, 48, 64, 128, 256] as const;
export const LINUX_APP_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;
/** The directories the generator owns: any other file in them is reported by --check. */
export const OWNED_DIRS = ['build/icons'] as const;

export interface IconFile {
  /** Relative to the repository root, '/' separated. */
  path: string;
  bytes: Buffer;
}

function png(bm: IconBitmap): Buffer {
  return encodePng(bm.rgba, bm.width, bm.height);
}

/** Every file, in a fixed order, rendered in memory. */
export function planIcons(): IconFile[] {
  const files: IconFile[] = [];
  const add = (path: string, bytes: Buffer) => files.push({ path, bytes });

  add('build/icon.png', png(renderAppIcon(1024)));
  add('build/icon.ico', encodeIcoFromBitmaps(APP_ICO_SIZES.map((s) => renderAppIcon(s))));
  for (const s of LINUX_APP_SIZES) add(`build/icons/${s}x${s}.png`, png(renderAppIcon(s)));
  return files;
}

// ---- reading files back (for --check and the tests) ----

export interface DecodedPng {
  width: number;
  height: number;
  /** Straight-alpha RGBA, top row first. */
  rgba: Buffer;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Decode an 8-bit RGBA, non-interlaced PNG (what png.ts writes), any row filter. Throws on anything else. */
export function decodePng(file: Buffer): DecodedPng {
  if (file.length < 8 || !file.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG file');
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  let at = 8;
  while (at + 8 <= file.length) {
    const len = file.readUInt32BE(at);
    const type = file.toString('latin1', at + 4, at + 8);
    const data = file.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[9] !== 6 || data[12] !== 0) throw new Error('only 8-bit RGBA non-interlaced PNGs are read here');
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
    at += 12 + len;
  }
  if (width === 0 || height === 0) throw new Error('PNG has no IHDR');
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  if (raw.length !== (stride + 1) * height) throw new Error(`PNG data is ${raw.length} bytes, expected ${(stride + 1) * height}`);
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const v = raw[src + x]!;
      const left = x >= 4 ? out[row + x - 4]! : 0;
      const up = y > 0 ? out[row - stride + x]! : 0;
      const upLeft = x >= 4 && y > 0 ? out[row - stride + x - 4]! : 0;
      let pred: number;
      switch (filter) {
        case 0:
          pred = 0;
          break;
        case 1:
          pred = left;
          break;
        case 2:
          pred = up;
          break;
        case 3:
          pred = (left + up) >> 1;
          break;
        case 4:
          pred = paeth(left, up, upLeft);
          break;
        default:
          throw new Error(`PNG row ${y} has unknown filter ${filter}`);
      }
      out[row + x] = (v + pred) & 0xff;
    }
  }
  return { width, height, rgba: out };
}

function samePng(a: Buffer, b: Buffer): boolean {
  const da = decodePng(a);
  const db = decodePng(b);
  return da.width === db.width && da.height === db.height && da.rgba.equals(db.rgba);
}

function sameIco(a: Buffer, b: Buffer): boolean {
  const ea = readIcoDirectory(a);
  const eb = readIcoDirectory(b);
  if (ea.length !== eb.length) return false;
  return ea.every((x, i) => {
    const y = eb[i]!;
    if (x.width !== y.width || x.height !== y.height || !x.isPng || !y.isPng) return false;
    return samePng(a.subarray(x.offset, x.offset + x.size), b.subarray(y.offset, y.offset + y.size));
  });
}

/** Same bytes, or (for PNG and ICO files) the same images pixel for pixel. Unreadable files differ. */
export function sameIconFile(path: string, a: Buffer, b: Buffer): boolean {
  if (a.equals(b)) return true;
  try {
    if (path.endsWith('.png')) return samePng(a, b);
    if (path.endsWith('.ico')) return sameIco(a, b);
  } catch {
    return false;
  }
  return false;
}

async function readOrNull(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

async function listFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true, recursive: true });
    return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

export interface CheckResult {
  missing: string[];
  different: string[];
  /** Files in the generator's own directories that it would not write. */
  unexpected: string[];
}

export async function checkIcons(root: string, files: readonly IconFile[] = planIcons()): Promise<CheckResult> {
  const result: CheckResult = { missing: [], different: [], unexpected: [] };
  for (const f of files) {
    const have = await readOrNull(join(root, f.path));
    if (have === null) result.missing.push(f.path);
    else if (!sameIconFile(f.path, have, f.bytes)) result.different.push(f.path);
  }
  const planned = new Set(files.map((f) => f.path));
  for (const dir of OWNED_DIRS) {
    for (const abs of await listFiles(join(root, dir))) {
      const rel = relative(root, abs).split('\\').join('/');
      if (!planned.has(rel)) result.unexpected.push(rel);
    }
  }
  return result;
}

/** Write the files whose pixels changed (or that are missing); returns the paths written. */
export async function writeIcons(root: string, files: readonly IconFile[] = planIcons()): Promise<string[]> {
  const written: string[] = [];
  for (const f of files) {
    const abs = join(root, f.path);
    const have = await readOrNull(abs);
    if (have !== null && sameIconFile(f.path, have, f.bytes)) continue;
    await mkdir(dirname(abs), { recursive: true });
    await writeFile(abs, f.bytes);
    written.push(f.path);
  }
  return written;
}

async function main(argv: readonly string[]): Promise<number> {
  const root = resolve(import.meta.dirname, '..');
  const files = planIcons();
  if (argv.includes('--check')) {
    const r = await checkIcons(root, files);
    const problems = [
      ...r.missing.map((p) => `missing:    ${p}`),
      ...r.different.map((p) => `different:  ${p}`),
      ...r.unexpected.map((p) => `unexpected: ${p}`),
    ];
    if (problems.length === 0) {
      console.log(`icons: all ${files.length} files match the renderers`);
      return 0;
    }
    console.error(`icons: ${problems.length} file(s) out of date; run \`npm run icons\`\n  ${problems.join('\n  ')}`);
    return 1;
  }
  const written = await writeIcons(root, files);
  console.log(`icons: wrote ${written.length} of ${files.length} files${written.length ? `\n  ${written.join('\n  ')}` : ''}`);
  const stray = (await checkIcons(root, files)).unexpected;
  if (stray.length > 0) console.warn(`icons: not written by this script (delete if obsolete):\n  ${stray.join('\n  ')}`);
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
      process.exit(2);
    },
  );
}
