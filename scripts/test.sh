#!/usr/bin/env bash
# `npm test`: types, lint and knip, then unit and integration tests (vitest), then the end-to-end flows in Chromium (Playwright).
# Integration tests run on PGlite always, and on the PostgreSQL server (node-postgres and the Neon driver)
# when TEST_DATABASE_URL or DATABASE_URL points at one.
set -euo pipefail
cd "$(dirname "$0")/.."

npx tsc --noEmit
# Lint (Biome: errors fail, incl. the layer rule) and unused exports/dependencies (knip), before the tests.
npm run --silent lint

# The production build the end-to-end run serves (`npm start`'s build step, skipped when current) is made while
# vitest runs: much of the integration run waits on the database, and the build fills those waits. It starts after
# the type check because `next build` rewrites next-env.d.ts, which tsc reads.
# Its own process group (job control on just for this), so stopping the tests stops the build and its workers.
build_log=$(mktemp)
set -m
node scripts/start.mjs --build-only > "$build_log" 2>&1 &
build=$!
set +m
trap 'kill -- "-$build" 2>/dev/null || true; rm -f "$build_log"' EXIT
trap 'exit 130' INT TERM HUP

npx vitest run "$@"
if ! wait "$build"; then
  cat "$build_log"
  echo 'npm test: the production build failed' >&2
  exit 1
fi
echo "npm test: production build ready ($(grep -c . "$build_log") lines of build output)"
npx playwright test
