// Usage errors and the help text.
import { RETENTION_DAYS } from '../core/history/store.js';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const HELP = `proxy-seller-traffic: Proxy-Seller residential traffic from the command line
(an independent tool, not made by Proxy-Seller)

Usage:
  proxy-seller-traffic today [--json | --short | --format FORMAT] [--package KEY | --all] [--refresh] [--max-age SECONDS]
  proxy-seller-traffic packages [--all] [--json] [--refresh] [--max-age SECONDS]
  proxy-seller-traffic day YYYY-MM-DD [--json]
  proxy-seller-traffic history --from YYYY-MM-DD --to YYYY-MM-DD [--daily] [--login LOGIN] [--json | --csv]
  proxy-seller-traffic package [--json] [--refresh]
  proxy-seller-traffic cost [--from YYYY-MM-DD --to YYYY-MM-DD] [--json] [--refresh]
  proxy-seller-traffic metrics [--refresh] [--max-age SECONDS]
  proxy-seller-traffic serve [--listen HOST:PORT]
  proxy-seller-traffic key set [--no-check]   (reads the key from stdin; no echo on a terminal)
  proxy-seller-traffic key delete
  proxy-seller-traffic key status
  proxy-seller-traffic accounts add NAME [--no-check]   (reads the account's key from stdin)
  proxy-seller-traffic accounts list [--json]
  proxy-seller-traffic accounts remove NAME | accounts default NAME

Accounts: each with its own key in the keychain and its own folder; every command takes
--account NAME (default: the default account). 'packages' and 'today --all' show every package
(sub-user packages included); 'today --package KEY' one of the account's packages; 'metrics'
covers every package of every account unless --account names one. With PROXY_SELLER_API_KEY set,
it is the only account.

Status bars: --format waybar | polybar | i3blocks | xbar | tmux prints the state in that bar's
syntax and always exits 0 (a problem shows in the text, colour and tooltip). --short: '1.24G · 8.0G left'.

Lists are named by their titles (login beside); JSON gives 'titles' (today, day) and a row's
'title' (history); CSV has a last column 'title'. Amounts in JSON are decimal strings ("14.00")
with an ISO 'currency'; null where the API gave none.

'cost': traffic and money per list from the API. Without --from/--to: the package's whole period
(from and to are null in the JSON); with them, those days as the API counts them (in its timezone),
at most ${RETENTION_DAYS} days back. Read at most every 15 minutes per range; --refresh asks now.
'package' adds the price, the spend, the auto-renewal and whether the balance pays it, and a top-up hint.

Monitoring: 'metrics' prints the Prometheus text format (node_exporter textfile collector);
'serve' keeps syncing like the app and serves /metrics (default --listen 127.0.0.1:9464).

Options (every command):
  --data-dir DIR     where settings and history live (env PROXY_SELLER_TRAFFIC_DATA_DIR;
                     default: the app's data folder, shared with the tray app)
  --api-tz ZONE      timezone of the API's hour keys (env PROXY_SELLER_API_TZ; default: settings, UTC)
  --units GB|GiB     byte units for text output (default: settings, GB)
  --account NAME     the account to use (default: the default account)
  -h, --help         this help
  -V, --version      the version

Environment:
  PROXY_SELLER_API_KEY   the API key (else the OS keychain)
  PROXY_SELLER_API_URL   base URL up to and including the version segment
                         (default https://proxy-seller.com/personal/api/v1/)

List titles are read at most hourly, the balance and renewal price hourly, the spend every 15
minutes. 'today', 'packages' and 'metrics' reuse each package's sync younger than --max-age seconds
(default: the poll interval of the settings, 5 minutes unless changed; from the app or an earlier
run), and the list of sub-user packages for 15 minutes, so a status bar can call them often, even
over many packages; --refresh always asks the API.

Exit codes: 0 ok, 1 unexpected error, 2 usage, 3 key missing/rejected or IP not allowed,
4 rate limited, 5 API unreachable or malformed answer, 6 no residential package, 130 cancelled.
`;
