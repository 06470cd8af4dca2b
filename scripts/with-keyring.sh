#!/usr/bin/env bash
# Run a command where the OS keychain works: on Linux without a running Secret Service, inside a
# private D-Bus session with a fresh, unlocked gnome-keyring (its files in a temp dir, removed
# after). Also gives the command an X display (Xvfb) when there is none, for UI tests.
#   usage: scripts/with-keyring.sh CMD [ARGS...]
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

tmp_dir=""
xvfb_pid=""
cleanup() {
  if [[ -n "$xvfb_pid" ]]; then
    kill "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
  fi
  if [[ -n "$tmp_dir" ]]; then rm -rf "$tmp_dir"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A Secret Service owns its name on the session bus right now (a desktop login, or an outer run
# of this script). Only asks an existing bus: never autolaunches one.
secret_service_running() {
  local runtime_bus="${XDG_RUNTIME_DIR:-/nonexistent}/bus"
  [[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" || -S "$runtime_bus" ]] || return 1
  if [[ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]]; then export DBUS_SESSION_BUS_ADDRESS="unix:path=$runtime_bus"; fi
  command -v dbus-send >/dev/null 2>&1 || return 1
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'
}

make_tmp() {
  if [[ -z "$tmp_dir" ]]; then tmp_dir="$(mktemp -d "${TMPDIR:-/tmp}/with-keyring.XXXXXX")"; fi
}

# Xvfb picks a free display itself (-displayfd), so parallel runs do not collide on :99.
start_xvfb() {
  make_tmp
  local fifo="$tmp_dir/displayfd"
  mkfifo "$fifo"
  Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$fifo" >"$tmp_dir/xvfb.log" 2>&1 &
  xvfb_pid=$!
  local display=""
  # The read ends when Xvfb writes its display number, or at EOF if it dies.
  if read -r -t 15 display <"$fifo" && [[ -n "$display" ]]; then
    export DISPLAY=":$display"
  else
    echo "with-keyring: Xvfb did not start; continuing without a display. Its log:" >&2
    cat "$tmp_dir/xvfb.log" >&2 || true
    kill "$xvfb_pid" 2>/dev/null || true
    xvfb_pid=""
  fi
}

if [[ -z "${DISPLAY:-}" && "$(uname -s)" == "Linux" ]] && command -v Xvfb >/dev/null 2>&1; then
  start_xvfb
fi

need_session=0
if [[ "$(uname -s)" == "Linux" ]] && ! secret_service_running; then need_session=1; fi

if [[ $need_session -eq 0 ]]; then
  # macOS and Windows keychains are always there; on Linux one is already running.
  if [[ -z "$xvfb_pid" ]]; then exec "$@"; fi
  "$@"
  exit $?
fi

missing=()
command -v dbus-run-session >/dev/null 2>&1 || missing+=(dbus-run-session)
command -v gnome-keyring-daemon >/dev/null 2>&1 || missing+=(gnome-keyring-daemon)
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "with-keyring: no Secret Service is running and ${missing[*]} is missing." >&2
  echo "install: apt-get install dbus gnome-keyring libsecret-1-dev" >&2
  exit 1
fi

make_tmp
mkdir -m 700 "$tmp_dir/data" "$tmp_dir/run"

# Inside the private bus: start the keyring with a known password so its login collection exists
# and is unlocked (no prompt), wait until it owns its bus name, then run the command.
# Only the daemon gets the temp XDG dirs, so the command keeps the caller's own.
inner='
set -euo pipefail
printf "ci-password" | XDG_DATA_HOME="$WK_DIR/data" XDG_RUNTIME_DIR="$WK_DIR/run" \
  gnome-keyring-daemon --daemonize --unlock --components=secrets >/dev/null
for _ in $(seq 1 100); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
       org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; then
    break
  fi
  sleep 0.05
done
unset WK_DIR
exec "$@"
'
set +e
WK_DIR="$tmp_dir" dbus-run-session -- bash -c "$inner" with-keyring "$@"
rc=$?
set -e
exit $rc
