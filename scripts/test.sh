#!/usr/bin/env bash
# `npm test`: types, lint and knip, then unit and integration tests (vitest), then the end-to-end flows in Chromium (Playwright).
# Integration tests run on PGlite always, and on the PostgreSQL server (node-postgres and the Neon driver)
# when TEST_DATABASE_URL or DATABASE_URL points at one.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc --noEmit
# Lint (Biome: errors fail, incl. the layer rule) and unused exports/dependencies (knip), before the tests.
npm run --silent lint
npx vitest run "$@"
npx playwright test
