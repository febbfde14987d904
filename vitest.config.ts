import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = path.dirname(new URL(import.meta.url).pathname);
// The PostgreSQL server runs of the integration suite need a server URL; without one only PGlite runs.
const serverUrl =
  process.env.TEST_DATABASE_URL || (process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : '');

// Timeouts catch hangs, not slowness: on a 2-core machine loaded far past its cores (load average 30+ seen), the
// heaviest race and backup tests took just over 60 s, so the ceiling is generous.
const HANG_TIMEOUT_MS = 300_000;

// Files run two at a time on the embedded database (each has its own PGlite instance and data dir). On the server,
// one file at a time per PostgreSQL cluster: a transaction held open in one database holds back the rollups'
// snapshot horizon in every database of its cluster (xids are cluster-wide), so two files sharing a cluster would
// wait on each other's races. TEST_SERVER_URLS (comma-separated, one URL per cluster; `.ci/run` starts a second
// cluster) gives each worker its own (tests/support/setup.ts). The server projects run after the rest
// (`sequence.groupOrder`), so the two groups never overlap.
const clusters = Math.max(1, (process.env.TEST_SERVER_URLS ?? '').split(',').filter(Boolean).length);
const parallelism = (driver: string) =>
  driver !== 'pglite'
    ? { maxWorkers: Math.min(clusters, 2), sequence: { groupOrder: 1 } }
    : { maxWorkers: 2, sequence: { groupOrder: 0 } };

const integration = (
  name: string,
  driver: string,
  include = ['tests/integration/**/*.test.ts'],
  env: Record<string, string> = {},
  timeout = HANG_TIMEOUT_MS,
) => ({
  extends: true as const,
  test: {
    name,
    ...parallelism(driver),
    globalSetup: driver === 'pglite' ? ['tests/support/pglite-template.ts'] : [],
    include,
    env: { TEST_DRIVER: driver, TEST_DATABASE_URL: serverUrl, ...env },
    testTimeout: timeout,
    hookTimeout: timeout,
  },
});

// The Neon driver (a WebSocket pool over the same server) runs the files where a driver shows: connection and
// transaction handling, row decoding, error codes under races, the unnest write path, locks, leases and keys.
// The rest is SQL the server already ran through node-postgres; running all of it a third time cost a quarter
// of the suite's time for no new failure mode (docs/adr/0005-drivers.md).
const NEON_FILES = [
  'database',
  'row-codec',
  'codec',
  'inventory',
  'inventory-api',
  'inventory-races',
  'ingest-api',
  'ingest-idempotency',
  'oplog',
  'oplog-rollup-exact',
  'jobs',
  'edit-conflict',
  'catalog',
  'webhooks-outbox',
  'saved-views',
].map((f) => `tests/integration/${f}.test.ts`);

// The op-log, rollup and support tests again with the op-log tables in a second database (a second PGlite
// directory, or a second database on the server), installed as the log database as LOG_DATABASE_URL does: a
// query sent to the wrong database reads empty tables and fails (docs/adr/0011-log-database.md).
const LOG_SPLIT_FILES = ['oplog', 'observability', 'observability-api', 'oplog-retention', 'ingest-api'].map(
  (f) => `tests/integration/${f}.test.ts`,
);
// Two databases per file (on PGlite two WASM instances in one worker): twice the setup, so twice the time allowed.
const logSplit = (name: string, driver: string) =>
  integration(name, driver, LOG_SPLIT_FILES, { TEST_LOG_DATABASE: 'split' }, 2 * HANG_TIMEOUT_MS);

export default defineConfig({
  // `import 'server-only'` marks server modules for Next's bundler (which aliases it); under vitest it is empty.
  resolve: {
    alias: { '@': root, 'server-only': path.join(root, 'node_modules/next/dist/compiled/server-only/empty.js') },
  },
  test: {
    environment: 'node',
    setupFiles: ['tests/support/setup.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], ...parallelism('pglite') } },
      integration('integration-pglite', 'pglite'),
      logSplit('integration-logdb-pglite', 'pglite'),
      ...(serverUrl
        ? [
            integration('integration-pg', 'pg'),
            integration('integration-neon', 'neon', NEON_FILES),
            logSplit('integration-logdb-pg', 'pg'),
          ]
        : []),
    ],
  },
});
