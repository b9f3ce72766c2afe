#!/usr/bin/env bash
# Adds an EF Core migration to every provider at once: the EF tools compare the model with each provider's snapshot and
# write src/SchoolSupport.Migrations.{Sqlite,Postgres,SqlServer}/Migrations/<timestamp>_<Name>.cs.
#   tools/add-migration.sh <Name>        add a migration named <Name> (PascalCase, e.g. AddSurveys)
#   tools/add-migration.sh --remove      remove the last migration of every provider (before it is committed)
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?"usage: tools/add-migration.sh <Name> | --remove"}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet tool restore >/dev/null
for provider in Sqlite Postgres SqlServer; do
  project=src/SchoolSupport.Migrations.$provider
  dotnet build "$project" -nologo -v q -clp:ErrorsOnly
  if [ "$name" = "--remove" ]; then
    # --force: don't look for the migration in a database; nothing here is deployed from a developer's tree.
    dotnet ef migrations remove --project "$project" --no-build --force
  else
    dotnet ef migrations add "$name" --project "$project" --output-dir Migrations --no-build
  fi
done
