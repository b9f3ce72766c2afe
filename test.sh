#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs and starts what the tests need (PostgreSQL 15, Chromium,
# the npm oracles), builds with warnings as errors, then runs every test project.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

need_apt=()
command -v pg_ctlcluster >/dev/null 2>&1 || need_apt+=(postgresql)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== installing ${need_apt[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ -z "${SCHOOLSUPPORT_TEST_POSTGRES:-}" ]; then
  echo "== starting PostgreSQL"
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  pg_lsclusters -h | grep -q "^$version main" || as_root pg_createcluster "$version" main >/dev/null
  pg_lsclusters -h | grep -q "^$version main .* online" || as_root pg_ctlcluster "$version" main start
  as_root su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres';\"" >/dev/null
  export SCHOOLSUPPORT_TEST_POSTGRES="Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Timeout=30"
fi

echo "== installing npm test oracles"
for dir in tests/conformance tests/templating tests/manifest tests/e2e; do
  if [ -f "$dir/package-lock.json" ]; then
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >/dev/null
  fi
done

echo "== build"
dotnet build SchoolSupport.sln -warnaserror -nologo -v q -clp:ErrorsOnly

echo "== test"
results=artifacts/test-results
rm -rf "$results" artifacts/multi-instance.txt
status=0
dotnet test SchoolSupport.sln --no-build -nologo -v q --logger "console;verbosity=minimal" --logger trx \
  --results-directory "$results" "$@" || status=$?

if [ -f artifacts/multi-instance.txt ]; then
  echo "== multi-instance test (two host processes on one PostgreSQL)"
  cat artifacts/multi-instance.txt
fi

echo "== card layout at 400 and 600 px (words not broken, texts not cut short)"
bash tools/card-layout.sh || status=$?

if [ -f tests/e2e/run.sh ]; then
  echo "== browser end-to-end test"
  bash tests/e2e/run.sh || status=$?
fi

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
echo "dotnet: $passed passed, $failed failed"
exit $status
