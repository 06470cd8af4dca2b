// Byte and time formatting shared by the tray, the window, notifications and the CLI.
import prettyBytes from 'pretty-bytes';

export type Units = 'GB' | 'GiB';

/** `1.24 GB` (decimal) or `1.16 GiB` (binary); two decimals from GB/GiB up, so status bars don't jitter. */
export function formatBytes(bytes: number, units: Units = 'GB'): string {
  const binary = units === 'GiB';
  const big = Math.abs(bytes) >= (binary ? 1024 ** 3 : 1e9);
  return prettyBytes(bytes, {
    binary,
    minimumFractionDigits: big ? 2 : 0,
    maximumFractionDigits: 2,
  });
}
