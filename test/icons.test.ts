// The build tools under scripts/icons and the files they make. The app icon files electron-builder
// packs (build/): present, the right sizes, and in step with the painter (`npm run icons -- --check`).
// Also the PNG and ICO writers and the app icon painter on their own, and the generator's check
// against a temp copy. No tray image files: the app draws its tray icon live (tray-icon.test.ts).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { crc32 as zlibCrc32, deflateSync, inflateSync } from 'node:zlib';
import {
  checkIcons,
  decodePng,
  planIcons,
  writeIcons,
  type DecodedPng,
  type IconFile,
} from '../scripts/generate-icons.js';
import { APP_ICON_GAUGE, renderAppIcon } from '../scripts/icons/app-icon.js';
import { encodeIco, encodeIcoFromBitmaps, pngSize, readIcoDirectory } from '../scripts/icons/ico.js';
import { crc32, encodePng } from '../scripts/icons/png.js';
import { renderTrayIcon, type IconSize } from '../src/main/tray/icon.js';
import type { IconSpec, TrayState } from '../src/main/tray/presenter.js';

const root = resolve(import.meta.dirname, '..');
const STATES: readonly TrayState[] = ['normal', 'stale', 'offline', 'error', 'no-key', 'paused'];
const APP_ICO = [16, 20, 24, 32, 48, 64, 128, 256];
const LINUX_APP = [16, 24, 32, 48, 64, 128, 256, 512];

/** Every expected PNG with its side in px. */
const PNGS: ReadonlyMap<string, number> = new Map([
  ['build/icon.png', 1024],
  ...LINUX_APP.map((s): [string, number] => [`build/icons/${s}x${s}.png`, s]),
]);
/** Every expected ICO with its image sizes. */
const ICOS: ReadonlyMap<string, number[]> = new Map([['build/icon.ico', APP_ICO]]);

async function load(path: string): Promise<Buffer> {
  return readFile(join(root, path));
}

function px(img: DecodedPng, x: number, y: number): [number, number, number, number] {
  const i = (y * img.width + x) * 4;
  return [img.rgba[i]!, img.rgba[i + 1]!, img.rgba[i + 2]!, img.rgba[i + 3]!];
}

/** Run the generator's --check in the real repository (its exit code is the result). */
function runCheck(): Promise<{ code: number | null; out: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/generate-icons.ts', '--check'], { cwd: root });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, out }));
  });
}

describe('committed icon files', () => {
  // Started first: it renders everything in a child process while the checks below read files.
  let check: Promise<{ code: number | null; out: string }>;
  before(() => {
    check = runCheck();
  });

  test('every PNG exists with the right dimensions', async () => {
    for (const [path, side] of PNGS) {
      const { width, height } = pngSize(await load(path));
      assert.deepEqual([width, height], [side, side], path);
    }
  });

  test('every ICO holds exactly the expected sizes, each a 32-bit PNG of that size', async () => {
    for (const [path, sizes] of ICOS) {
      const file = await load(path);
      const entries = readIcoDirectory(file);
      assert.deepEqual(entries.map((e) => e.width), sizes, path);
      for (const e of entries) {
        assert.equal(e.height, e.width);
        assert.equal(e.bitCount, 32);
        assert.ok(e.isPng, `${path} ${e.width}px is PNG-compressed`);
        assert.deepEqual(pngSize(file.subarray(e.offset, e.offset + e.size)), { width: e.width, height: e.height });
      }
    }
  });

  test('the generator plans exactly these files, all under build/: no tray images (the app draws those live)', () => {
    assert.deepEqual(planIcons().map((f) => f.path).sort(), [...PNGS.keys(), ...ICOS.keys()].sort());
    assert.ok(!existsSync(join(root, 'resources/tray')), 'resources/tray is gone');
  });

  test('npm run icons -- --check passes: the files match the renderers', async () => {
    const { code, out } = await check;
    assert.equal(code, 0, out);
    assert.match(out, /all \d+ files match/);
  });
});

describe('generator check (on a temp copy)', () => {
  let dir: string;
  let files: IconFile[];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pst-icons-'));
    files = planIcons();
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('writes every file, then finds nothing to write or report', async () => {
    assert.equal((await writeIcons(dir, files)).length, files.length);
    assert.deepEqual(await writeIcons(dir, files), []);
    assert.deepEqual(await checkIcons(dir, files), { missing: [], different: [], unexpected: [] });
  });

  test('rendering is deterministic: the same size gives the same bytes', () => {
    // The full plan is rendered again by the --check run above, in another process.
    for (const size of [1024, 48, 16]) assert.ok(renderAppIcon(size).rgba.equals(renderAppIcon(size).rgba), `${size}px`);
    const first = files.find((f) => f.path === 'build/icon.ico')!;
    assert.ok(first.bytes.equals(encodeIcoFromBitmaps(APP_ICO.map((s) => renderAppIcon(s)))));
  });

  test('the same pixels compressed differently still match; a changed pixel, a gap or a stray file do not', async () => {
    const path = 'build/icons/16x16.png';
    const img = decodePng(await readFile(join(dir, path)));
    // Same pixels, another deflate level and a row filter: bytes differ, pixels do not.
    const stride = img.width * 4;
    const raw = Buffer.alloc((stride + 1) * img.height);
    for (let y = 0; y < img.height; y++) {
      raw[y * (stride + 1)] = 1; // Sub filter
      for (let x = 0; x < stride; x++) {
        const left = x >= 4 ? img.rgba[y * stride + x - 4]! : 0;
        raw[y * (stride + 1) + 1 + x] = (img.rgba[y * stride + x]! - left) & 0xff;
      }
    }
    const original = await readFile(join(dir, path));
    const idatAt = original.indexOf('IDAT') - 4;
    const head = original.subarray(0, idatAt);
    const idat = deflateSync(raw, { level: 1 });
    const chunk = Buffer.alloc(12 + idat.length);
    chunk.writeUInt32BE(idat.length, 0);
    chunk.write('IDAT', 4, 'latin1');
    idat.copy(chunk, 8);
    chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + idat.length)), 8 + idat.length);
    const recompressed = Buffer.concat([head, chunk, original.subarray(original.indexOf('IEND') - 4)]);
    assert.ok(!recompressed.equals(original));
    await writeFile(join(dir, path), recompressed);
    assert.deepEqual(await checkIcons(dir, files), { missing: [], different: [], unexpected: [] });

    // One pixel changed.
    const changed = Buffer.from(img.rgba);
    changed[0] = changed[0]! ^ 0xff;
    await writeFile(join(dir, 'build/icons/16x16.png'), encodePng(changed, img.width, img.height));
    await unlink(join(dir, 'build/icon.ico'));
    await writeFile(join(dir, 'build/icons/1x1.png'), encodePng(img.rgba, img.width, img.height));
    assert.deepEqual(await checkIcons(dir, files), {
      missing: ['build/icon.ico'],
      different: ['build/icons/16x16.png'],
      unexpected: ['build/icons/1x1.png'],
    });
  });
});

// ---- PNG writer ----

const TRAY_SIZES: readonly IconSize[] = [16, 24, 32, 48];

function specFor(state: TrayState, text: string | null = '1.2G', leftFraction: number | null = 0.5): IconSpec {
  return state === 'no-key' ? { state, quota: null, text: null, leftFraction: null } : { state, quota: 'ok', text, leftFraction };
}

interface StrictPng {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  interlace: number;
  chunkTypes: string[];
  rgba: Buffer;
}

/** Decode our own output independently of png.ts: node's zlib CRC and inflate, filter 0 rows only. */
function decodeStrictly(buf: Buffer): StrictPng {
  assert.deepEqual([...buf.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  let off = 8;
  const types: string[] = [];
  const idat: Buffer[] = [];
  let ihdr: Buffer | null = null;
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('latin1', off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    assert.equal(buf.readUInt32BE(off + 8 + len), zlibCrc32(buf.subarray(off + 4, off + 8 + len)), `${type} CRC`);
    types.push(type);
    if (type === 'IHDR') ihdr = data;
    if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  assert.ok(ihdr && ihdr.length === 13, 'IHDR');
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const raw = inflateSync(Buffer.concat(idat));
  assert.equal(raw.length, height * (width * 4 + 1));
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 4 + 1);
    assert.equal(raw[row], 0, 'filter type 0');
    raw.copy(rgba, y * width * 4, row + 1, row + 1 + width * 4);
  }
  return { width, height, bitDepth: ihdr[8]!, colourType: ihdr[9]!, interlace: ihdr[12]!, chunkTypes: types, rgba };
}

describe('encodePng', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pst-tray-icons-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('crc32 matches zlib', () => {
    for (const s of ['', 'IEND', 'hello, tray', 'x'.repeat(1000)]) assert.equal(crc32(Buffer.from(s)), zlibCrc32(Buffer.from(s)));
  });

  test('one PNG per state, size and mode is written, read back and decodes to the same pixels', async () => {
    let files = 0;
    for (const size of TRAY_SIZES) {
      for (const state of STATES) {
        for (const [mode, opts] of [['light', {}], ['dark', { dark: true }], ['Template', { style: 'template' }]] as const) {
          const bm = renderTrayIcon(specFor(state), size, opts);
          const path = join(dir, `tray-${state}-${size}-${mode}.png`);
          await writeFile(path, encodePng(bm.rgba, bm.width, bm.height));
          const png = decodeStrictly(await readFile(path));
          assert.deepEqual(
            [png.width, png.height, png.bitDepth, png.colourType, png.interlace],
            [size, size, 8, 6, 0],
          );
          assert.deepEqual(png.chunkTypes, ['IHDR', 'IDAT', 'IEND']);
          assert.ok(png.rgba.equals(bm.rgba), path);
          files++;
        }
      }
    }
    assert.equal(files, TRAY_SIZES.length * STATES.length * 3);
  });

  test('a non-square image keeps its rows in order', () => {
    const w = 3;
    const h = 2;
    const rgba = Buffer.from(Array.from({ length: w * h * 4 }, (_, i) => i * 7));
    const png = decodeStrictly(encodePng(rgba, w, h));
    assert.equal(png.width, 3);
    assert.equal(png.height, 2);
    assert.ok(png.rgba.equals(rgba));
  });

  test('rejects a buffer that does not match the size', () => {
    assert.throws(() => encodePng(Buffer.alloc(10), 2, 2), RangeError);
    assert.throws(() => encodePng(Buffer.alloc(0), 0, 0), RangeError);
  });
});

describe('ICO writer', () => {
  const bm = (s: number) => ({ width: s, height: s, rgba: Buffer.alloc(s * s * 4, s) });

  test('writes a directory smallest first, 256 px as 0, offsets pointing at each PNG', () => {
    const file = encodeIcoFromBitmaps([bm(256), bm(16), bm(32)]);
    assert.deepEqual([...file.subarray(0, 6)], [0, 0, 1, 0, 3, 0]);
    assert.equal(file[6 + 2 * 16], 0, '256 is stored as 0');
    const entries = readIcoDirectory(file);
    assert.deepEqual(entries.map((e) => e.width), [16, 32, 256]);
    let end = 6 + 3 * 16;
    for (const e of entries) {
      assert.equal(e.offset, end, 'images follow one another');
      end += e.size;
      const img = decodePng(file.subarray(e.offset, e.offset + e.size));
      assert.ok(img.rgba.equals(bm(e.width).rgba));
    }
    assert.equal(end, file.length);
  });

  test('refuses what Windows would misread', () => {
    const png16 = encodePng(bm(16).rgba, 16, 16);
    assert.throws(() => encodeIco([]), /at least one/);
    assert.throws(() => encodeIco([{ width: 32, height: 32, png: png16 }]), /declared 32x32 holds a 16x16/);
    assert.throws(() => encodeIco([{ width: 16, height: 16, png: png16 }, { width: 16, height: 16, png: png16 }]), /two 16x16/);
    assert.throws(() => encodeIcoFromBitmaps([bm(512)]), /1\.\.256/);
    assert.throws(() => encodeIco([{ width: 16, height: 16, png: Buffer.from('not a png at all, really not') }]), /not a PNG/);
  });

  test('the reader rejects files that are not icons or are cut short', () => {
    const good = encodeIcoFromBitmaps([bm(16)]);
    assert.throws(() => readIcoDirectory(Buffer.from('GIF89a')), /not an ICO/);
    assert.throws(() => readIcoDirectory(Buffer.from([0, 0, 1, 0, 0, 0])), /no images/);
    assert.throws(() => readIcoDirectory(good.subarray(0, 10)), /cut short/);
    assert.throws(() => readIcoDirectory(good.subarray(0, good.length - 1)), /outside the file/);
  });
});

describe('renderAppIcon', () => {
  test('any size 16..1024, square RGBA; others refused', () => {
    for (const s of [16, 20, 24, 32, 48, 64, 100, 128]) {
      const bm = renderAppIcon(s);
      assert.deepEqual([bm.width, bm.height, bm.rgba.length], [s, s, s * s * 4]);
    }
    for (const bad of [8, 15, 1025, 32.5, Number.NaN]) assert.throws(() => renderAppIcon(bad), RangeError);
  });

  test('a rounded square: transparent corners, opaque blue body', () => {
    for (const s of [16, 32, 48, 256]) {
      const img = renderAppIcon(s);
      assert.equal(px(img, 0, 0)[3], 0, `${s}: corner transparent`);
      assert.equal(px(img, s - 1, s - 1)[3], 0);
      // Just inside the left edge, halfway down: body colour, blue dominant.
      const [r, g, b, a] = px(img, Math.ceil(s * 0.11), s >> 1);
      assert.equal(a, 255, `${s}: body opaque`);
      assert.ok(b > r + 60 && b > g, `${s}: body is blue (${r},${g},${b})`);
    }
  });

  test('the gauge: filled (white) at 3 and 6 o\'clock, only the faint track at 9 o\'clock', () => {
    assert.ok(APP_ICON_GAUGE > 0.5 && APP_ICON_GAUGE < 0.75, '9 o\'clock (0.75 turn) lies past the filled part');
    for (const s of [32, 64, 256, 1024]) {
      const img = renderAppIcon(s);
      const c = s / 2;
      // Walk outwards from the centre along a ray and take the whitest pixel: that is where the ring is.
      const whitest = (dx: number, dy: number) => {
        let best = 0;
        for (let t = Math.floor(s * 0.2); t < Math.floor(s * 0.45); t++) {
          const [r, g, b] = px(img, Math.floor(c + dx * t), Math.floor(c + dy * t));
          best = Math.max(best, Math.min(r, g, b));
        }
        return best;
      };
      assert.equal(whitest(1, 0), 255, `${s}: 3 o'clock filled`);
      assert.equal(whitest(0, 1), 255, `${s}: 6 o'clock filled`);
      assert.ok(whitest(-1, 0) < 220, `${s}: 9 o'clock is track only (${whitest(-1, 0)})`);
    }
  });

  test('bars inside the ring from 48 px; below that the ring alone', () => {
    // The centre column below the middle: a bar (white) at 48+ px, the body (blue) below.
    const whiteBelowCentre = (s: number) => {
      const img = renderAppIcon(s);
      let n = 0;
      for (let y = s >> 1; y < s * 0.62; y++) {
        for (let x = Math.floor(s * 0.4); x < s * 0.6; x++) {
          const [r, g, b] = px(img, x, y);
          if (Math.min(r, g, b) === 255) n++;
        }
      }
      return n;
    };
    assert.equal(whiteBelowCentre(24), 0);
    assert.equal(whiteBelowCentre(32), 0);
    for (const s of [48, 128, 512]) assert.ok(whiteBelowCentre(s) > 0, `${s}: bars drawn`);
  });
});
