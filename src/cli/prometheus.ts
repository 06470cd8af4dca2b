// The figures in the Prometheus text exposition format (version 0.0.4), for `metrics` (node_exporter's
// textfile collector) and `serve` alike: one renderer, so both outputs carry the same series. Pure.
import type { Money } from '../shared/money.js';
import { titleOf } from '../shared/titles.js';
import { NO_MONEY, type ListTitles, type MoneyFacts, type PackageInfo, type Snapshot } from '../shared/types.js';

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** One package's figures; every package gauge is labelled with its account and package. */
export interface MetricsInput {
  /** The account's name ('' for PROXY_SELLER_API_KEY's unnamed account). */
  account: string;
  /** The package key (the `package` label); null while the package is not known. */
  packageKey: string | null;
  pkg: PackageInfo | null;
  /** Today's local-day traffic per list login. */
  todayByLogin: Readonly<Record<string, number>>;
  /** List titles by login: the `title` label ("" for a list without one). */
  titles: ListTitles;
  /** The money gauges; each only when known. */
  money: MoneyFacts;
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

/** An amount as a gauge value in the currency's unit (14.4 for $14.40), labelled with its currency ("" when the API named none). */
function moneySample(base: Labels, m: Money | null): Family['samples'] {
  return m === null ? [] : [{ labels: { ...base, currency: m.currency ?? '' }, value: m.minor / 100 }];
}

/** A package's figures, as a snapshot holds them (the labels are the caller's). */
export function metricsOf(snapshot: Snapshot): Omit<MetricsInput, 'account' | 'packageKey'> {
  return {
    pkg: snapshot.package,
    todayByLogin: snapshot.today.byLogin,
    titles: snapshot.titles,
    money: snapshot.money,
    lastSuccessAt: snapshot.lastSuccessAt,
    up: snapshot.problem === null && snapshot.lastSuccessAt !== null,
  };
}

/** Every package's series, each family's HELP and TYPE once. */
export function renderMetrics(inputs: readonly MetricsInput[]): string {
  // No package at all (none could be opened) is still an answer: proxy_seller_up 0.
  const families = (inputs.length > 0 ? inputs : [NOTHING]).map(packageFamilies);
  return renderFamilies(families[0]!.map((f, i) => ({ ...f, samples: families.flatMap((fs) => fs[i]!.samples) })));
}

const NOTHING: MetricsInput = { account: '', packageKey: null, pkg: null, todayByLogin: {}, titles: {}, money: NO_MONEY, lastSuccessAt: null, up: false };

function packageFamilies(input: MetricsInput): Family[] {
  const { pkg } = input;
  // The account's name and the package key name the series (never the API key). The unnamed account
  // of PROXY_SELLER_API_KEY has no name: its series keep the labels they had with one key.
  const base: Labels = { ...(input.account === '' ? {} : { account: input.account }), ...(input.packageKey === null ? {} : { package: input.packageKey }) };
  const ofPackage = (value: (p: PackageInfo) => number | null) => {
    const v = pkg === null ? null : value(pkg);
    return v === null ? [] : [{ labels: base, value: v }];
  };
  const families: Family[] = [
    { name: 'proxy_seller_package_limit_bytes', help: 'Traffic limit of the residential package, in bytes.', samples: ofPackage((p) => p.limitBytes) },
    { name: 'proxy_seller_package_used_bytes', help: 'Traffic used of the residential package, in bytes.', samples: ofPackage((p) => p.usedBytes) },
    { name: 'proxy_seller_package_left_bytes', help: 'Traffic left in the residential package, in bytes.', samples: ofPackage((p) => p.leftBytes) },
    {
      name: 'proxy_seller_package_reserved_bytes',
      help: 'Traffic a main package reserved for its sub-user packages, in bytes (limit = used + left + reserved; 0 for a sub-package).',
      samples: ofPackage((p) => p.reservedBytes),
    },
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
        .map((login) => ({ labels: { ...base, login, title: titleOf(input.titles, login) ?? '' }, value: input.todayByLogin[login] ?? 0 })),
    },
    {
      name: 'proxy_seller_price_per_gibibyte',
      help: 'Price of the residential traffic per GiB (2^30 bytes: what Proxy-Seller sells as a GB), in the currency of the label.',
      samples: moneySample(base, input.money.pricePerGb),
    },
    {
      name: 'proxy_seller_spent',
      help: "Money spent on the traffic used in the package's period, in the currency of the label.",
      samples: moneySample(base, input.money.spend?.spent ?? null),
    },
    { name: 'proxy_seller_balance', help: "The account's money balance, in the currency of the label.", samples: moneySample(base, input.money.balance) },
    {
      name: 'proxy_seller_renewal_price',
      help: 'What the next auto-renewal of the package costs, in the currency of the label (only with auto-renew on).',
      samples: moneySample(base, input.money.renewal?.price ?? null),
    },
    {
      name: 'proxy_seller_renewal_shortfall',
      help: 'What the balance lacks to pay the next auto-renewal (0 when it pays it), in the currency of the label.',
      samples: moneySample(base, input.money.renewal?.short ?? null),
    },
    {
      name: 'proxy_seller_last_success_timestamp_seconds',
      help: 'When the last sync with the Proxy-Seller API worked, in seconds since the Unix epoch.',
      samples: input.lastSuccessAt === null ? [] : [{ labels: base, value: input.lastSuccessAt / 1000 }],
    },
    { name: 'proxy_seller_up', help: '1 when the last sync with the Proxy-Seller API worked, else 0.', samples: [{ labels: base, value: input.up ? 1 : 0 }] },
  ];
  return families;
}
