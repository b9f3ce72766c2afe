#!/usr/bin/env bash
# Replaces the vendored official Web Chat bundle with another release: `npm pack` downloads only the published tarball
# (checked by npm against the registry's integrity hash), the one file and its third-party notices are taken out, and
# the SHA-256 to pin in WebChatPage.cs, the vendor README and the e2e README is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:?"usage: tools/update-webchat.sh <botframework-webchat version>"}
vendor=src/SchoolSupport.Web/WebChat/Page/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tarball=$(cd "$work" && npm pack "botframework-webchat@$version" --silent --no-audit --no-fund | tail -1)
tar -xzf "$work/$tarball" -C "$work" package/dist/webchat.js package/dist/webchat.js.LICENSE.txt
rm -f "$vendor"/webchat-*.js "$vendor"/webchat-*.js.LICENSE.txt
cp "$work/package/dist/webchat.js" "$vendor/webchat-$version.js"
cp "$work/package/dist/webchat.js.LICENSE.txt" "$vendor/webchat-$version.js.LICENSE.txt"
echo "vendored $vendor/webchat-$version.js; SHA-256: $(sha256sum "$vendor/webchat-$version.js" | cut -d' ' -f1)"
echo "now update the version and hash in WebChatPage.cs, the csproj, index.html and $vendor/README.md"
