#!/usr/bin/env bash
# Puts the official Web Chat UMD bundle in .cache/ without installing the 590 MB package: `npm pack` downloads only
# the published tarball (checked against the registry's integrity hash), and one file is taken out of it.
set -euo pipefail
cd "$(dirname "$0")"

version=4.18.1
expected_sha256=0a68ad0a64fc04d621197da10c3eec0f843e16f7d03f6bcbed29b47517cf9bff
target=.cache/webchat-$version.js

if [ -f "$target" ] && echo "$expected_sha256  $target" | sha256sum -c --status; then
  exit 0
fi

mkdir -p .cache
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tarball=$(cd "$work" && npm pack "botframework-webchat@$version" --silent --no-audit --no-fund 2>/dev/null | tail -1)
tar -xzf "$work/$tarball" -C "$work" package/dist/webchat.js
echo "$expected_sha256  $work/package/dist/webchat.js" | sha256sum -c --status \
  || { echo "webchat.js from botframework-webchat@$version does not match the pinned SHA-256" >&2; exit 1; }
mv "$work/package/dist/webchat.js" "$target"
echo "fetched $target ($(stat -c %s "$target") bytes)"
