// The figures in the Prometheus text exposition format (version 0.0.4), for `metrics` (node_exporter's
// textfile collector) and `serve` alike: one renderer, so both outputs carry the same series. Pure.
import type { PackageInfo } from '../shared/types.js';

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export interface MetricsInput {
  pkg: PackageInfo | null;
  /** Today's local-day traffic per list login. */
  todayByLogin: Readonly<Record<string, number>>;
  lastSuccessAt: number | null;
  /** The last sync worked. */
  up: boolean;
}

type Labels = Record<string, string>;

interface Family {
  name: string;
  help: string;
  samples: Array<{ labels: Labels; value: number }>;
}

/** Label values escape backslash, double quote and line feed (the text format's rules). */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text escapes backslash and line feed. */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function labelText(labels: Labels): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

function valueText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  return String(value);
}

export function renderFamilies(families: readonly Family[]): string {
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} gauge`);
    for (const s of f.samples) lines.push(`${f.name}${labelText(s.labels)} ${valueText(s.value)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderMetrics(input: MetricsInput): string {
  const { pkg } = input;
  // The package key names the series (never the API key); without a package there is none to name.
  const base: Labels = pkg === null ? {} : { package: pkg.key };
  const ofPackage = (value: (p: PackageInfo) => number | null) => {
    const v = pkg === null ? null : value(pkg);
    return v === null ? [] : [{ labels: base, value: v }];
  };
  const families: Family[] = [
    { name: 'proxy_seller_package_limit_bytes', help: 'Traffic limit of the residential package, in bytes.', samples: ofPackage((p) => p.limitBytes) },
    { name: 'proxy_seller_package_used_bytes', help: 'Traffic used of the residential package, in bytes.', samples: ofPackage((p) => p.usedBytes) },
    { name: 'proxy_seller_package_left_bytes', help: 'Traffic left in the residential package, in bytes.', samples: ofPackage((p) => p.leftBytes) },
    {
      name: 'proxy_seller_package_expiry_timestamp_seconds',
      help: 'When the residential package expires, in seconds since the Unix epoch.',
      samples: ofPackage((p) => (p.expiresAt === null ? null : p.expiresAt / 1000)),
    },
    { name: 'proxy_seller_package_active', help: '1 when the API reports the package active, else 0.', samples: ofPackage((p) => (p.active ? 1 : 0)) },
    {
      name: 'proxy_seller_traffic_today_bytes',
      help: "Traffic of the local day so far per list login, in bytes (resets at local midnight).",
      samples: Object.keys(input.todayByLogin)
        .sort()
        .map((login) => ({ labels: { ...base, login }, value: input.todayByLogin[login] ?? 0 })),
    },
    {
      name: 'proxy_seller_last_success_timestamp_seconds',
      help: 'When the last sync with the Proxy-Seller API worked, in seconds since the Unix epoch.',
      samples: input.lastSuccessAt === null ? [] : [{ labels: base, value: input.lastSuccessAt / 1000 }],
    },
    { name: 'proxy_seller_up', help: '1 when the last sync with the Proxy-Seller API worked, else 0.', samples: [{ labels: base, value: input.up ? 1 : 0 }] },
  ];
  return renderFamilies(families);
}
