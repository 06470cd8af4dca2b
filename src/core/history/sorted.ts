// Binary search over the history's sorted hour starts: one home for the model, the codec, the day
// fingerprints and the store.

/** First index of `a` (sorted ascending) whose value is >= x; a.length when none is. */
export function lowerBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
