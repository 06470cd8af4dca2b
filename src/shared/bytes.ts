// Byte wording for the tray, the window, notifications and the CLI: one table of units, every form
// built on it. Hand-written rather than pretty-bytes: that package truncates (1.999 GB shows
// "1.99 GB") and varies its decimals (3.9 MB beside 4.88 MB); people paying by the gigabyte need
// rounded figures with steady decimals. Pure.

export type Units = 'GB' | 'GiB';

const DECIMAL = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'] as const;
const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** 1000 (GB: decimal, 10^9) or 1024 (GiB: binary, 2^30). */
function unitStep(units: Units): number {
  return units === 'GiB' ? 1024 : 1000;
}

function unitNames(units: Units): readonly string[] {
  return units === 'GiB' ? BINARY : DECIMAL;
}

/** `bytes` (not negative) in the largest unit, up to `top`, it reaches a whole one of: 1536 at base 1000 is 1.536 (exp 1). */
function scaled(bytes: number, base: number, top: number): { value: number; exp: number } {
  let value = bytes;
  let exp = 0;
  while (exp < top && value >= base) {
    value /= base;
    exp++;
  }
  return { value, exp };
}

/** Bytes in one GB or one GiB, the unit byte thresholds are typed in. */
export function unitBytes(units: Units): number {
  return unitStep(units) ** 3;
}

/**
 * `1.24 GB` (decimal, 10^9) or `1.16 GiB` (binary, 2^30), rounded: two decimals from GB/GiB up,
 * one below (`33.2 MB`), none for bytes. A value that rounds up to the next unit moves to it.
 */
export function formatBytes(bytes: number, units: Units = 'GB'): string {
  if (!Number.isFinite(bytes)) return '–';
  const base = unitStep(units);
  const names = unitNames(units);
  const sign = bytes < 0 ? '-' : '';
  const { value, exp: fits } = scaled(Math.abs(bytes), base, names.length - 1);
  let exp = fits;
  let digits = exp === 0 ? 0 : exp >= 3 ? 2 : 1;
  let text = value.toFixed(digits);
  // 999.96 MB rounds to "1000.0 MB": say 1.00 GB instead.
  if (Number(text) >= base && exp < names.length - 1) {
    exp++;
    digits = exp >= 3 ? 2 : 1;
    text = (value / base).toFixed(digits);
  }
  return `${sign}${text} ${names[exp]}`;
}

/** "1 234 567 890 B": every byte, grouped by thousands with spaces. */
export function exactBytes(bytes: number): string {
  const sign = bytes < 0 ? '-' : '';
  const digits = String(Math.round(Math.abs(bytes)));
  return `${sign}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ' ')} B`;
}

/** "1 234 567 890 B (1.23 GB)". */
export function exactAndShort(bytes: number, units: Units): string {
  return `${exactBytes(bytes)} (${formatBytes(bytes, units)})`;
}

/** A byte count as a number of GB/GiB for a form field: up to 3 decimals, no trailing zeros. */
export function bytesToUnitField(bytes: number | null, units: Units): string {
  if (bytes === null) return '';
  return String(Number((bytes / unitBytes(units)).toFixed(3)));
}

export interface AxisScale {
  divisor: number;
  unit: string;
}

/** The unit a chart's value axis counts in (that of its largest bar), so ticks are round numbers of it. */
export function axisScale(maxBytes: number, units: Units): AxisScale {
  const k = unitStep(units);
  const names = unitNames(units);
  let i = 0;
  while (i < names.length - 1 && maxBytes >= k ** (i + 1)) i++;
  return { divisor: k ** i, unit: names[i] ?? 'B' };
}

const FIGURE_PREFIXES = ['K', 'M', 'G', 'T'] as const;

/**
 * At most 4 characters, for the tray icon: "0", "512B", "850M", "1.2G", "12G", "999G", "1.5T".
 * One decimal below 10, whole numbers from 10 to 999; a value that rounds to 1000 moves up a unit
 * (999.6 MB is "1.0G"). GiB mode uses powers of 1024 with the same letters.
 */
export function shortFigure(bytes: number, units: Units): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  if (bytes === 0) return '0';
  const base = unitStep(units);
  if (Math.round(bytes) < 1000 && bytes < base) return `${Math.round(bytes)}B`;
  let v = bytes;
  for (const p of FIGURE_PREFIXES) {
    v /= base;
    const tenths = Math.round(v * 10);
    if (tenths < 100) return `${(tenths / 10).toFixed(1)}${p}`;
    const whole = Math.round(v);
    if (whole < 1000) return `${whole}${p}`;
  }
  // Beyond 999 TB: no proxy package is that big; show the ceiling rather than overflow the icon.
  return '999T';
}

const COMPACT_DECIMAL = ['B', 'k', 'M', 'G', 'T', 'P'] as const;
const COMPACT_BINARY = ['B', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi'] as const;

/** For a status bar: three significant digits at most (one decimal kept from the unit up: `8.0G`, not `8G`), `1.24G`, `512M`. */
export function compactBytes(bytes: number, units: Units): string {
  if (!Number.isFinite(bytes)) return '–';
  const step = unitStep(units);
  const names = units === 'GiB' ? COMPACT_BINARY : COMPACT_DECIMAL;
  const sign = bytes < 0 ? '-' : '';
  const { value, exp: fits } = scaled(Math.abs(bytes), step, names.length - 1);
  let exp = fits;
  if (exp === 0) return `${sign}${Math.round(value)}${names[0]}`;
  let text = value < 9.995 ? value.toFixed(2) : value < 99.95 ? value.toFixed(1) : value.toFixed(0);
  // 999.6M reads as 1000M: move up a unit, as formatBytes does.
  if (Number(text) >= step && exp < names.length - 1) {
    exp++;
    text = (value / step).toFixed(2);
  }
  if (/\.\d0$/.test(text)) text = text.slice(0, -1);
  return `${sign}${text}${names[exp]}`;
}
