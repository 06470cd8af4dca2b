// Byte wording for the window beyond shared formatBytes: exact counts, axis units, form units. Pure.
import { formatBytes, type Units } from '../shared/format.js';

export type { Units };

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

/** Bytes in one GB or one GiB, the unit byte thresholds are typed in. */
export function unitBytes(units: Units): number {
  return units === 'GiB' ? 1024 ** 3 : 1e9;
}

export interface AxisScale {
  divisor: number;
  unit: string;
}

/** The unit the chart's value axis counts in, so ticks are round numbers of that unit. */
export function axisScale(maxBytes: number, units: Units): AxisScale {
  const binary = units === 'GiB';
  const k = binary ? 1024 : 1000;
  const names = binary ? ['B', 'KiB', 'MiB', 'GiB', 'TiB'] : ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (i < names.length - 1 && maxBytes >= k ** (i + 1)) i++;
  return { divisor: k ** i, unit: names[i] ?? 'B' };
}

/** A byte count as a number of GB/GiB for a form field: up to 3 decimals, no trailing zeros. */
export function bytesToUnitField(bytes: number | null, units: Units): string {
  if (bytes === null) return '';
  return String(Number((bytes / unitBytes(units)).toFixed(3)));
}

export { formatBytes };
