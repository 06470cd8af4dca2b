// Usage errors and the help text.
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const HELP = `proxy-seller-traffic: Proxy-Seller residential traffic from the command line
(an independent tool, not made by Proxy-Seller)

Usage:
  proxy-seller-traffic today [--json] [--refresh] [--max-age SECONDS]
  proxy-seller-traffic day YYYY-MM-DD [--json]
  proxy-seller-traffic history --from YYYY-MM-DD --to YYYY-MM-DD [--login LOGIN] [--json | --csv]
  proxy-seller-traffic package [--json]
  proxy-seller-traffic key set        (reads the key from stdin; no echo on a terminal)
  proxy-seller-traffic key delete
  proxy-seller-traffic key status

Options (every command):
  --data-dir DIR     where settings and history live (env PROXY_SELLER_TRAFFIC_DATA_DIR;
                     default: the app's data folder, shared with the tray app)
  --api-tz ZONE      timezone of the API's hour keys (env PROXY_SELLER_API_TZ; default: settings, UTC)
  --units GB|GiB     byte units for text output (default: settings, GB)
  -h, --help         this help

Environment:
  PROXY_SELLER_API_KEY   the API key (else the OS keychain)
  PROXY_SELLER_API_URL   base URL up to and including the version segment
                         (default https://proxy-seller.com/personal/api/v1/)

'today' reuses a sync younger than --max-age seconds (default 60, from the app or an earlier run),
so a status bar can call it often; --refresh always asks the API.

Exit codes: 0 ok, 1 unexpected error, 2 usage, 3 key missing/rejected or IP not allowed,
4 rate limited, 5 API unreachable or malformed answer, 6 no residential package, 130 cancelled.
`;
