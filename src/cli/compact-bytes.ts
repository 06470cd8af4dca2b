// Bytes in as few characters as a status bar can spare: `1.24G`, `8.0G`, `512M`. Pure.
import { unitBytes, type Units } from '../shared/bytes.js';

const DECIMAL = ['B', 'k', 'M', 'G', 'T', 'P'] as const;
const BINARY = ['B', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi'] as const;

/** Three significant digits at most (one decimal kept from the unit up: `8.0G`, not `8G`). */
export function compactBytes(bytes: number, units: Units): string {
  if (!Number.isFinite(bytes)) return '–';
  const step = Math.round(unitBytes(units) ** (1 / 3));
  const names = units === 'GiB' ? BINARY : DECIMAL;
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  let exp = 0;
  while (exp < names.length - 1 && value >= step) {
    value /= step;
    exp++;
  }
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
