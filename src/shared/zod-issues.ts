// The one way a refusal by a zod schema becomes text: for a file or payload, its first issue as
// "where: what" ("logins.alpha.t[3]: expected number"); for settings, every bad field with its rule.
// Structural types, so both zod and zod/mini errors (and the window's bundle) can use it.

export interface IssueLike {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

export interface ErrorLike {
  readonly issues: readonly IssueLike[];
}

/** "alerts.renewed", "lists[0].bytes"; `root` when the path is empty. */
export function issuePath(path: readonly PropertyKey[], root = 'the top level'): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? String(p) : `.${String(p)}`;
  return s === '' ? root : s;
}

/**
 * The first issue as "where: what", `prefix` put before its path (a part of a file checked on its
 * own); `root` names the whole value when the issue is about it.
 */
export function describeFirstIssue(error: ErrorLike, opts: { prefix?: readonly PropertyKey[]; root?: string } = {}): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'it does not have the expected shape';
  return `${issuePath([...(opts.prefix ?? []), ...issue.path], opts.root)}: ${issue.message}`;
}

/** The first issue's message alone (a field checked on its own: its rule). */
export function firstMessage(error: ErrorLike): string {
  return error.issues[0]?.message ?? 'is not valid';
}

/** Each bad field ("alerts.renewed", or `root` for the whole value) with the first message about it. */
export function issueFields(error: ErrorLike, root = 'settings'): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[issuePath(issue.path, root)] ??= issue.message;
  return fields;
}
