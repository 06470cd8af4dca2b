// The demo's world of accounts: a personal account (the demo's package as it always was) and a
// reseller with three sub-user packages, "Client A", "Client B" and "Client C". Client B is nearly
// used up when the demo starts (below the default 1 GB alert), so the tray's worst state and a
// per-package alert show at once; A and C have room. Each account is a demo API of its own key.
import type { Clock } from '../ports.js';
import { createDemoApi, type DemoApi, type DemoMoney } from './api.js';
import { DAY_MS } from './calendar.js';

const GB = 1e9;

export interface DemoAccountSpec {
  id: string;
  name: string;
  apiKey: string;
  /** The user's names for its sub-packages, by package key. */
  packageNames: Readonly<Record<string, string>>;
  api: DemoApi;
}

export interface DemoWorldOptions {
  now: Clock;
  /** The personal account: its key, lists, titles, seed and history (DEMO_TRAFFIC). */
  personal: { apiKey: string; logins: readonly string[]; titles: Readonly<Record<string, string>>; seed: number; historyDays: number; money: Partial<DemoMoney> };
  reseller: { apiKey: string };
}

/** The reseller's clients: their package keys (fixed, so their names and folders stay), names and lists. */
export const DEMO_CLIENTS = [
  { key: 'demo0client0a0000001', name: 'Client A', logins: ['client-a-shop', 'client-a-serp'] },
  { key: 'demo0client0b0000002', name: 'Client B', logins: ['client-b-ads'] },
  { key: 'demo0client0c0000003', name: 'Client C', logins: ['client-c-geo', 'client-c-qa'] },
] as const;

const RESELLER_TITLES = { 'reseller-own': 'Reseller own checks' } as const;
/** Left to Client B when the demo starts: below the default "traffic left" alert of 1 GB. */
const CLIENT_B_LEFT = 0.6 * GB;

export function demoAccounts(o: DemoWorldOptions): DemoAccountSpec[] {
  const personal = createDemoApi({ apiKey: o.personal.apiKey, now: o.now, logins: o.personal.logins, titles: o.personal.titles, seed: o.personal.seed, historyDays: o.personal.historyDays, packageFromTraffic: true, package: { autoRenew: true }, money: o.personal.money });
  const reseller = createDemoApi({
    apiKey: o.reseller.apiKey,
    now: o.now,
    logins: Object.keys(RESELLER_TITLES),
    titles: RESELLER_TITLES,
    seed: o.personal.seed + 7,
    historyDays: o.personal.historyDays,
    packageFromTraffic: true,
    money: { balance: 480 },
    subPackages: DEMO_CLIENTS.map((c) => ({ key: c.key, logins: c.logins })),
  });
  // Each client's limit from what its lists used in its period so far: A and C with room, B nearly
  // out. The reseller's own limit holds what it reserved for them on top of its own traffic.
  const startedAt = o.now();
  let reserved = 0;
  for (const s of reseller.subPackages) {
    const used = reseller.subTrafficBetween(s.key, s.expiresAt - 30 * DAY_MS, startedAt + 1).reduce((a, x) => a + x.bytes, 0);
    const limitBytes = s.key === DEMO_CLIENTS[1].key ? Math.round(used + CLIENT_B_LEFT) : Math.ceil((used * 2 + 5 * GB) / (5 * GB)) * 5 * GB;
    reseller.setSubPackage(s.key, { limitBytes });
    reserved += limitBytes;
  }
  reseller.setPackage({ limitBytes: reseller.package.limitBytes + reserved });
  return [
    { id: 'main', name: 'Personal', apiKey: o.personal.apiKey, packageNames: {}, api: personal },
    { id: 'reseller', name: 'Reseller', apiKey: o.reseller.apiKey, packageNames: Object.fromEntries(DEMO_CLIENTS.map((c) => [c.key, c.name])), api: reseller },
  ];
}
