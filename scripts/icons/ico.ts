// Windows ICO files with PNG-compressed entries (Windows Vista and later, NSIS and Electron read them):
// the app icon for the installer and the taskbar. Pure, no Electron; the reader is for tests and checks.
import { encodePng } from './png.js';

export interface IcoImage {
  /** 1..256 px. */
  width: number;
  height: number;
  /** A complete PNG file holding exactly this image (8-bit RGBA). */
  png: Buffer;
}

export interface IcoEntry {
  width: number;
  height: number;
  /** Bits per pixel the directory declares (32 for RGBA). */
  bitCount: number;
  /** Byte range of the image inside the file. */
  offset: number;
  size: number;
  /** The image data starts with the PNG signature (else it is a BMP/DIB entry). */
  isPng: boolean;
}

const HEADER = 6;
const ENTRY = 16;
const TYPE_ICON = 1;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function checkSide(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new RangeError(`ICO ${what} must be 1..256 px, got ${n}`);
}

/** The width and height a PNG's IHDR declares; throws when `png` is not a PNG file. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const b = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (b.length < 24 || !b.subarray(0, 8).equals(PNG_SIGNATURE) || b.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG file (no signature or IHDR)');
  }
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/**
 * Write an ICO file: header, one directory entry per image (smallest first), then the PNG data.
 * Each image's declared size must match its PNG; sizes must be distinct, since Windows picks by size.
 */
export function encodeIco(images: readonly IcoImage[]): Buffer {
  if (images.length === 0) throw new RangeError('an ICO file needs at least one image');
  const sorted = [...images].sort((a, b) => a.width - b.width || a.height - b.height);
  const seen = new Set<string>();
  for (const img of sorted) {
    checkSide(img.width, 'width');
    checkSide(img.height, 'height');
    const actual = pngSize(img.png);
    if (actual.width !== img.width || actual.height !== img.height) {
      throw new RangeError(`ICO entry declared ${img.width}x${img.height} holds a ${actual.width}x${actual.height} PNG`);
    }
    const key = `${img.width}x${img.height}`;
    if (seen.has(key)) throw new RangeError(`ICO has two ${key} images`);
    seen.add(key);
  }

  const header = Buffer.alloc(HEADER + ENTRY * sorted.length);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(TYPE_ICON, 2);
  header.writeUInt16LE(sorted.length, 4);
  let offset = header.length;
  sorted.forEach((img, i) => {
    const at = HEADER + ENTRY * i;
    // 256 does not fit in a byte: the format writes it as 0.
    header[at] = img.width === 256 ? 0 : img.width;
    header[at + 1] = img.height === 256 ? 0 : img.height;
    header[at + 2] = 0; // no palette
    header[at + 3] = 0; // reserved
    header.writeUInt16LE(1, at + 4); // colour planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(img.png.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += img.png.length;
  });
  return Buffer.concat([header, ...sorted.map((img) => img.png)]);
}

/** Encode RGBA bitmaps (see icon.ts for the byte order) as one ICO file. */
export function encodeIcoFromBitmaps(bitmaps: readonly { width: number; height: number; rgba: Uint8Array }[]): Buffer {
  return encodeIco(bitmaps.map((b) => ({ width: b.width, height: b.height, png: encodePng(b.rgba, b.width, b.height) })));
}

/** Parse an ICO file's directory; throws on anything that is not a well-formed icon file. */
export function readIcoDirectory(file: Uint8Array): IcoEntry[] {
  const b = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (b.length < HEADER || b.readUInt16LE(0) !== 0 || b.readUInt16LE(2) !== TYPE_ICON) throw new Error('not an ICO file');
  const count = b.readUInt16LE(4);
  if (count === 0) throw new Error('ICO file has no images');
  if (b.length < HEADER + ENTRY * count) throw new Error(`ICO directory of ${count} entries is cut short`);
  const entries: IcoEntry[] = [];
  for (let i = 0; i < count; i++) {
    const at = HEADER + ENTRY * i;
    const size = b.readUInt32LE(at + 8);
    const offset = b.readUInt32LE(at + 12);
    if (offset < HEADER + ENTRY * count || offset + size > b.length) throw new Error(`ICO entry ${i} points outside the file`);
    entries.push({
      width: b[at] || 256,
      height: b[at + 1] || 256,
      bitCount: b.readUInt16LE(at + 6),
      offset,
      size,
      isPng: b.subarray(offset, offset + 8).equals(PNG_SIGNATURE),
    });
  }
  return entries;
}
