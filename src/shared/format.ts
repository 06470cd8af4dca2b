// Byte formatting shared by the tray, the window, notifications and the CLI.
// Hand-written rather than pretty-bytes: that package truncates (1.999 GB shows "1.99 GB") and
// varies its decimals (3.9 MB beside 4.88 MB); people paying by the gigabyte need rounded figures
// with steady decimals.

export type Units = 'GB' | 'GiB';

const DECIMAL = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'] as const;
const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/**
 * `1.24 GB` (decimal, 10^9) or `1.16 GiB` (binary, 2^30), rounded: two decimals from GB/GiB up,
 * one below (`33.2 MB`), none for bytes. A value that rounds up to the next unit moves to it.
 */
export function formatBytes(bytes: number, units: Units = 'GB'): string {
  if (!Number.isFinite(bytes)) return '–';
  const base = units === 'GiB' ? 1024 : 1000;
  const names = units === 'GiB' ? BINARY : DECIMAL;
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  let exp = 0;
  while (exp < names.length - 1 && value >= base) {
    value /= base;
    exp++;
  }
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
