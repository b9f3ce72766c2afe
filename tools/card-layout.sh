#!/usr/bin/env bash
# Renders every card template with its sample data at 400 and 600 px in headless Chromium (official Adaptive Cards
# renderer, through the card tool in ../shared/tools/cards) and fails on a word broken across lines or a text cut short.
# PNGs: tests/cards/artifacts/NAME.WIDTH.png.   Usage: tools/card-layout.sh [--only NAME,...]   (CARDTOOL_DIR overrides)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tool_src="${CARDTOOL_DIR:-$repo_root/../shared/tools/cards}"

if [ ! -f "$tool_src/lib/browser.js" ]; then
  echo "card-layout: card tool not found at $tool_src (set CARDTOOL_DIR)" >&2
  exit 2
fi

# The tool's folder may be read-only: copy it and install its exact locked versions.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -C "$tool_src" --exclude=node_modules -cf - . | tar -C "$work" -xf -
(cd "$work" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

cd "$repo_root"
rm -rf tests/cards/artifacts
node tests/cards/layout.js --tool "$work" --out tests/cards/artifacts "$@"
