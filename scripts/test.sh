#!/usr/bin/env bash
# The whole test suite: lint, types, server tests on PGlite and on Postgres, web unit tests,
# and the browser test. With CI=true a missing Postgres or Chromium is a failure, not a skip.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }
RESULTS="$PWD/test-results"
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
# Each vitest run also writes a JSON report; the last line sums them up.
vt() { local name=$1; shift; npx vitest run --reporter=default --reporter=json --outputFile="$RESULTS/$name.json" "$@"; }

step "lint (biome)"
npx biome ci --reporter=summary .

step "types"
npx tsc -p packages/server --noEmit
npx tsc -p packages/web --noEmit

step "server tests on PGlite (embedded)"
TEST_DB=pglite vt server-pglite

PG_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
if node -e "const c=new (require('pg').Client)({connectionString:process.argv[1]});c.connect().then(()=>c.end()).catch(()=>process.exit(1))" "$PG_URL" 2>/dev/null; then
  step "server tests on PostgreSQL"
  TEST_DB=postgres TEST_DATABASE_URL="$PG_URL" vt server-postgres
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is unreachable at $PG_URL: CI requires it" >&2
  exit 1
else
  echo "(skipping the PostgreSQL run: nothing listens at $PG_URL)"
fi

step "web unit tests"
vt web --config packages/web/vitest.config.ts

step "browser test (headless Chromium)"
if [ -x /usr/bin/chromium ]; then
  npm run build -w @liebian/web
  npm run e2e -w @liebian/web | tee "$RESULTS/e2e.tap"
elif [ "${CI:-}" = "true" ]; then
  echo "Chromium is missing at /usr/bin/chromium: CI requires it" >&2
  exit 1
else
  echo "(skipping the browser test: install Debian's chromium to run it)"
fi

node -e '
const fs = require("fs"); const dir = process.argv[1]; let passed = 0, failed = 0
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".json") || f.endsWith(".tap"))) {
  const text = fs.readFileSync(dir + "/" + f, "utf8")
  if (f.endsWith(".json")) { const r = JSON.parse(text); passed += r.numPassedTests; failed += r.numFailedTests }
  else { passed += Number(/^# pass (\d+)/m.exec(text)?.[1] ?? 0); failed += Number(/^# fail (\d+)/m.exec(text)?.[1] ?? 0) }
}
console.log(`\n${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)' "$RESULTS"
