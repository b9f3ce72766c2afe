#!/usr/bin/env bash
# Strict validation of every Adaptive Card template in cards/ (expanded with its NAME.data.json sample) using the
# official-parser validator from ../shared/tools/cards. That folder may be read-only, so it is copied to a temp dir.
# Usage: tools/validate-cards.sh [extra validate.js options]   (CARDTOOL_DIR overrides the validator's location)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tool_src="${CARDTOOL_DIR:-$repo_root/../shared/tools/cards}"

if [ ! -f "$tool_src/validate.js" ]; then
  echo "validate-cards: card validator not found at $tool_src (set CARDTOOL_DIR)" >&2
  exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# node_modules of the source copy (if any) is not reused: npm ci installs the exact locked versions.
tar -C "$tool_src" --exclude=node_modules -cf - . | tar -C "$work" -xf -
(cd "$work" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

cd "$repo_root"
node "$work/validate.js" cards/ --strict "$@"

# Extra sample data for the real cards (edge cases used by the differential test) must give valid cards too.
shopt -s nullglob
for data in tests/templating/cases/cards/*.data.json; do
  base="$(basename "$data")"
  name="${base%%.*}"
  node "$work/validate.js" "cards/$name.json" "$data" --strict "$@"
done
