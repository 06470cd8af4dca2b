// The shipped icon files (build/, resources/tray/): present, the right sizes, macOS templates black +
// alpha, states distinct, and in step with the renderers (`npm run icons -- --check`). Also the ICO
// writer and the app icon renderer on their own, and the generator's check against a temp copy.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';
import {
  checkIcons,
  decodePng,
  planIcons,
  writeIcons,
  type DecodedPng,
  type IconFile,
} from '../scripts/generate-icons.js';
import { APP_ICON_GAUGE, renderAppIcon } from '../src/main/tray/app-icon.js';
import { encodeIco, encodeIcoFromBitmaps, pngSize, readIcoDirectory } from '../src/main/tray/ico.js';
import { encodePng } from '../src/main/tray/png.js';

const root = resolve(import.meta.dirname, '..');
const STATES = ['normal', 'stale', 'offline', 'error', 'no-key', 'paused'] as const;
const APP_ICO = [16, 20, 24, 32, 48, 64, 128, 256];
const TRAY_ICO = [16, 20, 24, 32];
const LINUX_APP = [16, 24, 32, 48, 64, 128, 256, 512];

/** Every expected PNG with its side in px. */
const PNGS: ReadonlyMap<string, number> = new Map([
  ['build/icon.png', 1024],
  ...LINUX_APP.map((s): [string, number] => [`build/icons/${s}x${s}.png`, s]),
  ['resources/tray/trayTemplate.png', 16],
  ['resources/tray/trayTemplate@2x.png', 32],
  ...STATES.flatMap((s): [string, number][] => [
    [`resources/tray/tray-${s}Template.png`, 16],
    [`resources/tray/tray-${s}Template@2x.png`, 32],
    [`resources/tray/tray-${s}.png`, 24],
    [`resources/tray/tray-${s}@2x.png`, 48],
  ]),
]);
/** Every expected ICO with its image sizes. */
const ICOS: ReadonlyMap<string, number[]> = new Map([
  ['build/icon.ico', APP_ICO],
  ...STATES.map((s): [string, number[]] => [`resources/tray/tray-${s}.ico`, TRAY_ICO]),
]);

async function load(path: string): Promise<Buffer> {
  return readFile(join(root, path));
}

async function loadPng(path: string): Promise<DecodedPng> {
  return decodePng(await load(path));
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

  test('macOS templates are black + alpha only, and not empty', async () => {
    const templates = [...PNGS.keys()].filter((p) => p.includes('Template'));
    assert.equal(templates.length, 2 + 2 * STATES.length);
    for (const path of templates) {
      const img = await loadPng(path);
      let inked = 0;
      for (let i = 0; i < img.rgba.length; i += 4) {
        assert.deepEqual([img.rgba[i], img.rgba[i + 1], img.rgba[i + 2]], [0, 0, 0], `${path} pixel ${i / 4} is black`);
        if (img.rgba[i + 3]! > 0) inked++;
      }
      assert.ok(inked > img.width, `${path} draws something (${inked} px)`);
    }
  });

  test('the plain template name is the normal state', async () => {
    assert.ok((await loadPng('resources/tray/trayTemplate.png')).rgba.equals((await loadPng('resources/tray/tray-normalTemplate.png')).rgba));
    assert.ok((await loadPng('resources/tray/trayTemplate@2x.png')).rgba.equals((await loadPng('resources/tray/tray-normalTemplate@2x.png')).rgba));
  });

  test('each kind of tray image differs between all six states', async () => {
    const kinds: ((s: string) => string)[] = [
      (s) => `resources/tray/tray-${s}Template.png`,
      (s) => `resources/tray/tray-${s}Template@2x.png`,
      (s) => `resources/tray/tray-${s}.png`,
      (s) => `resources/tray/tray-${s}@2x.png`,
    ];
    for (const name of kinds) {
      const seen = new Set<string>();
      for (const s of STATES) seen.add((await loadPng(name(s))).rgba.toString('base64'));
      assert.equal(seen.size, STATES.length, name('<state>'));
    }
    for (const size of TRAY_ICO) {
      const seen = new Set<string>();
      for (const s of STATES) {
        const file = await load(`resources/tray/tray-${s}.ico`);
        const e = readIcoDirectory(file).find((x) => x.width === size)!;
        seen.add(decodePng(file.subarray(e.offset, e.offset + e.size)).rgba.toString('base64'));
      }
      assert.equal(seen.size, STATES.length, `tray ICO ${size}px`);
    }
  });

  test('Windows and Linux tray images are in colour (not templates)', async () => {
    for (const s of STATES) {
      const img = await loadPng(`resources/tray/tray-${s}.png`);
      const [r, g, b, a] = px(img, 0, img.height >> 1);
      assert.equal(a, 255, `${s}: opaque at the left edge`);
      assert.ok(r + g + b > 0, `${s}: not black`);
    }
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
    const path = 'resources/tray/tray-error.png';
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
    const { crc32 } = await import('../src/main/tray/png.js');
    chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + idat.length)), 8 + idat.length);
    const recompressed = Buffer.concat([head, chunk, original.subarray(original.indexOf('IEND') - 4)]);
    assert.ok(!recompressed.equals(original));
    await writeFile(join(dir, path), recompressed);
    assert.deepEqual(await checkIcons(dir, files), { missing: [], different: [], unexpected: [] });

    // One pixel changed.
    const changed = Buffer.from(img.rgba);
    changed[0] = changed[0]! ^ 0xff;
    await writeFile(join(dir, 'build/icons/16x16.png'), encodePng(changed, img.width, img.height));
    await unlink(join(dir, 'resources/tray/tray-stale.ico'));
    await writeFile(join(dir, 'resources/tray/tray-old.png'), encodePng(img.rgba, img.width, img.height));
    assert.deepEqual(await checkIcons(dir, files), {
      missing: ['resources/tray/tray-stale.ico'],
      different: ['build/icons/16x16.png'],
      unexpected: ['resources/tray/tray-old.png'],
    });
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
