// settings.json contents that the CLI and the app must read alike (issue 8): each is written to a
// real file, read by the CLI (test/cli.test.ts) and by the built app through the stand-in with the
// real electron-store (test/electron-main-standin.test.ts), and both must reach this outcome.
const DEEP = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;

export interface SettingsCase {
  name: string;
  text: string;
  /** The units the settings end with (GiB only if the file was read). */
  units: 'GB' | 'GiB';
  /** The problem reported; null: none. */
  problem: RegExp | null;
  /** Whether the file is moved aside as settings.json.corrupt-<stamp>, holding exactly `text`. */
  movedAside: boolean;
}

export const SETTINGS_CASES: readonly SettingsCase[] = [
  { name: 'a UTF-8 BOM', text: `\uFEFF${JSON.stringify({ version: 1, units: 'GiB' })}`, units: 'GiB', problem: null, movedAside: false },
  { name: 'null', text: 'null', units: 'GB', problem: /settings\.json could not be read \(it holds null, not a JSON object\); it was moved to .+\.corrupt-.+ and default settings are used\./, movedAside: true },
  { name: '[]', text: '[]', units: 'GB', problem: /settings\.json could not be read \(it holds \[\], not a JSON object\); it was moved to/, movedAside: true },
  { name: '["GiB"]', text: '["GiB"]', units: 'GB', problem: /settings\.json could not be read \(it holds \["GiB"\], not a JSON object\); it was moved to/, movedAside: true },
  { name: '42', text: '42', units: 'GB', problem: /settings\.json could not be read \(it holds 42, not a JSON object\); it was moved to/, movedAside: true },
  {
    name: 'nesting 20 000 levels deep',
    text: `{"units":"GiB","alerts":{"renewed":${DEEP}}}`,
    units: 'GB',
    problem: /settings\.json could not be read \(it is nested more than 32 levels deep\); it was moved to/,
    movedAside: true,
  },
];
