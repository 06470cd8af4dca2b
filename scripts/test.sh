#!/usr/bin/env bash
# `npm test`: typecheck, lint, build, then every test/**/*.test.ts with a working keychain (and
# an X display) from with-keyring.sh. Every phase runs so one report shows all failures; the exit
# code is that of the first phase that failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

first_rc=0
summary=()

phase() {
  local name=$1
  shift
  local start=$SECONDS rc=0
  echo
  echo "==> $name"
  "$@" || rc=$?
  local took=$((SECONDS - start))
  if [[ $rc -eq 0 ]]; then
    summary+=("ok    $name (${took}s)")
  else
    summary+=("FAIL  $name (${took}s, exit $rc)")
    if [[ $first_rc -eq 0 ]]; then first_rc=$rc; fi
  fi
}

skip() {
  summary+=("skip  $1 ($2)")
  echo
  echo "==> $1: skipped ($2)"
}

has_config() {
  local base=$1 ext
  for ext in js mjs cjs ts mts cts; do
    if [[ -f "$base.$ext" ]]; then return 0; fi
  done
  return 1
}

run_tests() {
  local files=()
  mapfile -t files < <(find test -name '*.test.ts' -not -path '*/node_modules/*' | sort)
  if [[ ${#files[@]} -eq 0 ]]; then
    echo "no test files found under test/" >&2
    return 1
  fi
  # A test file that leaves a timer running never exits; the cap turns that hang into a failure
  # well inside CI's 15 minutes (the tests take under two).
  timeout --kill-after=10 "${TEST_TIMEOUT_SECONDS:-600}" bash scripts/with-keyring.sh \
    node --import tsx --test --test-reporter=spec --test-concurrency=2 "${files[@]}"
}

phase typecheck npm run --silent typecheck

if has_config eslint.config; then
  phase lint npm run --silent lint
else
  skip lint "no eslint.config.* in the repo"
fi

phase build npm run --silent build

phase tests run_tests

echo
echo "==> summary"
printf '  %s\n' "${summary[@]}"
exit "$first_rc"
