#!/usr/bin/env bash
# End-to-end tests on loopback: the bot host (dotnet run, Development, demo data on a throw-away SQLite file) serves the
# Web Chat page and its own Direct Line; the official Web Chat runs in Debian's headless Chromium and the official
# botframework-directlinejs in Node. Installs what it needs from the npm registry only; never downloads a browser.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "Chromium is missing: apt-get install chromium (./test.sh installs it)" >&2
  exit 1
fi

# npm ci wipes node_modules; skip it when ./test.sh (or an earlier run) already installed this lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi

dotnet build ../../src/SchoolSupport.Web -nologo -v q -clp:ErrorsOnly

node --test --test-concurrency=1 directline.test.mjs webchat.test.mjs
