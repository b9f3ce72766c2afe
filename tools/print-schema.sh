#!/usr/bin/env bash
# Prints the schema SQL of the current EF model for both providers into the given folder (default: a temp dir),
# the starting point for a new migration script.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-$(mktemp -d)}
dotnet build src/SchoolSupport.Cli -v q -nologo -clp:ErrorsOnly
for provider in Sqlite Postgres; do
  dotnet run --project src/SchoolSupport.Cli --no-build -- db script --provider "$provider" > "$out/$provider.sql"
done
echo "$out"
