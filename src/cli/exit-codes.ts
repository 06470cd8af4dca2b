// Exit codes are part of the CLI's interface: scripts and status bars branch on them.
import type { ProblemKind } from '../shared/types.js';

export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  access: 3,
  rateLimited: 4,
  unreachable: 5,
  noPackage: 6,
  /** Ctrl-C at a prompt, as shells report SIGINT. */
  cancelled: 130,
} as const;

export function exitCodeFor(kind: ProblemKind): number {
  switch (kind) {
    case 'access-denied':
    case 'ip-not-allowed':
    case 'no-key':
    case 'keychain-unavailable':
      return EXIT.access;
    case 'rate-limited':
      return EXIT.rateLimited;
    case 'transport':
    case 'malformed':
    case 'rejected':
      return EXIT.unreachable;
    case 'no-package':
      return EXIT.noPackage;
    case 'config':
      return EXIT.usage;
  }
}
