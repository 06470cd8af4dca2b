// The system's IANA zone for a short-lived CLI run, without an Intl formatter: the first one a process
// builds costs ~10 ms (V8 lists every locale ICU has), a tenth of a status bar's `today`. The name Intl
// gave is kept in the cache folder under what ICU reads it from (Node's version, TZ, /etc/localtime);
// with it declared (local-dates.ts declareHostTimeZone), that zone's wall clock is read through Date's
// local-time methods, which use the same ICU zone. Windows keeps its zone in the registry: no key, so
// Intl every time. Whatever is wrong with the cache costs one Intl call, never a wrong zone or a failure.
import type * as Fs from 'node:fs';

export interface HostZoneDeps {
  fs: Pick<typeof Fs, 'lstatSync' | 'mkdirSync' | 'readFileSync' | 'readlinkSync' | 'renameSync' | 'writeFileSync'>;
  join: (...parts: string[]) => string;
  /** The cache folder (paths.ts cacheDir), or null: nothing kept. */
  cacheDir: string | null;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** process.version: another Node may spell a zone otherwise (ICU's canonical names change). */
  nodeVersion: string;
  /** The zone Intl names (systemTimeZone): asked when the cache cannot answer. */
  intlZone: () => string;
  /** Where the zone file is (tests point elsewhere). */
  localtimePath?: string;
}

const FILE = 'host-zone.json';
const ZONE_RE = /^[A-Za-z0-9_+\-/]{1,64}$/;

/** What the zone is read from: TZ, then /etc/localtime (its link, or the file itself as it stands); null when there is no such file to key on. */
export function hostZoneKey(deps: HostZoneDeps): string | null {
  if (deps.platform === 'win32') return null;
  const path = deps.localtimePath ?? '/etc/localtime';
  let where: string;
  try {
    const st = deps.fs.lstatSync(path);
    where = st.isSymbolicLink() ? `link:${deps.fs.readlinkSync(path)}` : `file:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
  } catch {
    where = 'none';
  }
  return `${deps.nodeVersion}|TZ=${deps.env.TZ ?? '(unset)'}|${where}`;
}

function readCached(deps: HostZoneDeps, path: string, key: string): string | null {
  try {
    const raw: unknown = JSON.parse(deps.fs.readFileSync(path, 'utf8'));
    if (typeof raw !== 'object' || raw === null) return null;
    const { key: k, zone } = raw as Record<string, unknown>;
    return k === key && typeof zone === 'string' && ZONE_RE.test(zone) ? zone : null;
  } catch {
    return null;
  }
}

function writeCached(deps: HostZoneDeps, dir: string, path: string, key: string, zone: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    deps.fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    deps.fs.writeFileSync(temp, JSON.stringify({ key, zone }), { mode: 0o600 });
    deps.fs.renameSync(temp, path);
  } catch {
    // A folder that cannot be written: the next run asks Intl again.
  }
}

/** The system's zone: from the cache when it was made for the same TZ, /etc/localtime and Node; else Intl's (then kept). */
export function hostTimeZone(deps: HostZoneDeps): string {
  const key = hostZoneKey(deps);
  if (key === null || deps.cacheDir === null) return deps.intlZone();
  const path = deps.join(deps.cacheDir, FILE);
  const cached = readCached(deps, path, key);
  if (cached !== null) return cached;
  const zone = deps.intlZone();
  if (ZONE_RE.test(zone)) writeCached(deps, deps.cacheDir, path, key, zone);
  return zone;
}
