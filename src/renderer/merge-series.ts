// The chart of several packages: each package's series (all its lists) summed into one part of the
// stacked bars, named by the package's label, so the bars add up to the packages' total as the
// total's cards do. Pure.
import type { SeriesResponse } from '../shared/ipc.js';

export interface PackageSeries {
  /** The package as every surface names it (PackageView.label). */
  label: string;
  response: SeriesResponse;
}

/** One series per package with traffic in the range, in the order given; the range's total is theirs added up. */
export function mergePackageSeries(parts: readonly PackageSeries[]): SeriesResponse {
  const first = parts[0];
  if (!first) throw new RangeError('mergePackageSeries needs at least one package');
  const buckets = first.response.buckets;
  const series: SeriesResponse['series'] = [];
  let totalBytes = 0;
  for (const { label, response } of parts) {
    // Same range, zone and bar size give the same buckets; anything else would stack unlike bars.
    if (response.buckets.length !== buckets.length || response.buckets.some((b, i) => b !== buckets[i])) {
      throw new RangeError(`The series of ${label} has other bars than the first package's`);
    }
    const bytes = buckets.map((_, i) => response.series.reduce((a, s) => a + (s.bytes[i] ?? 0), 0));
    const sum = bytes.reduce((a, b) => a + b, 0);
    totalBytes += response.totalBytes;
    if (sum > 0) series.push({ login: label, bytes });
  }
  return {
    from: first.response.from,
    to: first.response.to,
    timeZone: first.response.timeZone,
    granularity: first.response.granularity,
    buckets: [...buckets],
    series,
    logins: parts.map((p) => p.label),
    totalBytes,
    stale: parts.some((p) => p.response.stale),
    problem: parts.find((p) => p.response.problem !== null)?.response.problem ?? null,
  };
}
