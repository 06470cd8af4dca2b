// Reads the screen Xvfb keeps in its -fbdir file (XWD format, ZPixmap) and writes PNGs, so a test
// can look at what an X client drew without ImageMagick or xwd installed. Only node:zlib.
import { deflateSync } from 'node:zlib';

export interface Image {
  width: number;
  height: number;
  /** RGB, 3 bytes a pixel, row after row. */
  rgb: Buffer;
}

/** The 24/32-bit true-colour screens Xvfb makes (-screen 0 WxHx24). */
export function readXwd(file: Buffer): Image {
  const u32 = (i: number) => file.readUInt32BE(i * 4);
  const headerSize = u32(0);
  if (u32(1) !== 7) throw new Error('not an XWD file (version 7)');
  const width = u32(4);
  const height = u32(5);
  const byteOrder = u32(7); // 0 LSBFirst
  const bitsPerPixel = u32(11);
  const bytesPerLine = u32(12);
  const masks = [u32(14), u32(15), u32(16)];
  const ncolors = u32(19);
  if (bitsPerPixel !== 32) throw new Error(`only 32 bits per pixel are read, got ${bitsPerPixel}`);
  const data = headerSize + ncolors * 12;
  const rgb = Buffer.alloc(width * height * 3);
  const shifts = masks.map((m) => Math.log2(m & -m));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = data + y * bytesPerLine + x * 4;
      const px = byteOrder === 0 ? file.readUInt32LE(at) : file.readUInt32BE(at);
      for (let c = 0; c < 3; c++) rgb[(y * width + x) * 3 + c] = (px & masks[c]!) >>> shifts[c]!;
    }
  }
  return { width, height, rgb };
}

export function crop(img: Image, x: number, y: number, width: number, height: number): Image {
  const rgb = Buffer.alloc(width * height * 3);
  for (let row = 0; row < height; row++) img.rgb.copy(rgb, row * width * 3, ((y + row) * img.width + x) * 3, ((y + row) * img.width + x + width) * 3);
  return { width, height, rgb };
}

/** How many pixels are within `tolerance` of the colour `#rrggbb` in each channel. */
export function countColour(img: Image, hex: string, tolerance = 24): number {
  const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let n = 0;
  for (let i = 0; i < img.rgb.length; i += 3) {
    if (want.every((v, c) => Math.abs(img.rgb[i + c]! - v) <= tolerance)) n++;
  }
  return n;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

export function encodePng(img: Image): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(img.width, 0);
  ihdr.writeUInt32BE(img.height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const raw = Buffer.alloc((img.width * 3 + 1) * img.height);
  for (let y = 0; y < img.height; y++) img.rgb.copy(raw, y * (img.width * 3 + 1) + 1, y * img.width * 3, (y + 1) * img.width * 3);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}
