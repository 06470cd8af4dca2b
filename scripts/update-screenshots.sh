#!/usr/bin/env bash
# Copies the screenshots the test suite takes (test-results/screenshots) into docs/screenshots for
# the README. Run after `npm test` (or the renderer and tray tests).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
src=test-results/screenshots
dst=docs/screenshots
names=(overview-light overview-dark packages-overview-light packages-overview-dark settings-light settings-dark settings-package-light settings-package-dark welcome-light demo-light error-ip-light offline-light tray-states-light tray-states-dark tray-states-mono-light tray-states-mono-dark tray-states-macos-template tray-states-zoom tray-states-zoom-mono polybar polybar-error)
mkdir -p "$dst"
for n in "${names[@]}"; do
  if [[ ! -f "$src/$n.png" ]]; then
    echo "missing $src/$n.png: run npm test first" >&2
    exit 1
  fi
  cp "$src/$n.png" "$dst/$n.png"
done
echo "copied ${#names[@]} screenshots to $dst"
