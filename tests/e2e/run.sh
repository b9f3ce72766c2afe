#!/usr/bin/env bash
# Browser end-to-end test: the bot host (dotnet run, Development, demo data on a throw-away SQLite file), a local
# Direct Line (offline-directline) and the official Web Chat bundle in Debian's headless Chromium, all on 127.0.0.1.
# Installs what it needs from the npm registry only; never downloads a browser.
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
bash fetch-webchat.sh

dotnet build ../../src/SchoolSupport.Web -nologo -v q -clp:ErrorsOnly

node --test webchat.test.mjs
