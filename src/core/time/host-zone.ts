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

/** Keys kept at once: a status bar with TZ set and a shell without it must not undo each other's entry. */
const KEPT = 8;

/** The file's entries (key -> zone), oldest first; empty when it is missing, damaged or foreign. */
function readEntries(deps: HostZoneDeps, path: string): Array<[string, string]> {
  try {
    const raw: unknown = JSON.parse(deps.fs.readFileSync(path, 'utf8'));
    const entries = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)['entries'] : undefined;
    if (!Array.isArray(entries)) return [];
    return entries.filter((e): e is [string, string] => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && typeof e[1] === 'string' && ZONE_RE.test(e[1]));
  } catch {
    return [];
  }
}

function writeEntries(deps: HostZoneDeps, dir: string, path: string, entries: Array<[string, string]>): void {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    deps.fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    deps.fs.writeFileSync(temp, JSON.stringify({ entries }), { mode: 0o600 });
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
  const entries = readEntries(deps, path);
  const cached = entries.find(([k]) => k === key);
  if (cached !== undefined) return cached[1];
  const zone = deps.intlZone();
  if (ZONE_RE.test(zone)) writeEntries(deps, deps.cacheDir, path, [...entries.filter(([k]) => k !== key), [key, zone] as [string, string]].slice(-KEPT));
  return zone;
}
