// The package forecast in one sentence, for the window and the CLI. Pure.
import type { Forecast } from './types.js';
import { formatBytes, type Units } from './bytes.js';

export function forecastText(f: Forecast, units: Units): string {
  switch (f.kind) {
    case 'no-package':
      return '';
    case 'expired':
      return 'The package has expired: renew it to use what is left.';
    case 'no-usage':
      return 'No use in the last 7 days.';
    case 'runs-out': {
      const pace = `${formatBytes(f.averageDailyBytes, units)}/day`;
      return f.lastsPastExpiry ? `Lasts past expiry at ${pace}.` : `Runs out on ${f.runsOutOn} at ${pace}.`;
    }
  }
}
