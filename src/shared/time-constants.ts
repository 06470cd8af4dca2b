// Fixed durations in milliseconds, named once. DAY_MS is a 24-hour span (UTC calendar arithmetic,
// retention, "two days ahead"); a local day can have 23 or 25 hours, so never step local days by it.
export const SECOND_MS = 1_000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
