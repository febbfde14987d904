import { vi } from 'vitest';

// Outside a Next request there is no cache to revalidate; record calls instead so tests can assert them.
vi.mock('next/cache', () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));
// The test database is chosen by the harness, never by whatever DATABASE_URL the shell has.
process.env.DATABASE_URL = '';
process.env.DATABASE_DRIVER = '';
// Server files run two at a time when CI gives two PostgreSQL clusters (TEST_SERVER_URLS, vitest.config.ts): each
// worker (VITEST_POOL_ID, 1..maxWorkers, distinct among the files running at once) keeps to its own cluster, so one
// file's open transactions never hold back another's rollup horizon (xids are per cluster).
const clusters = (process.env.TEST_SERVER_URLS ?? '').split(',').filter(Boolean);
if (clusters.length > 0 && process.env.TEST_DRIVER && process.env.TEST_DRIVER !== 'pglite')
  process.env.TEST_DATABASE_URL = clusters[(Number(process.env.VITEST_POOL_ID ?? 1) - 1) % clusters.length];
// Request and action log lines would bury the test report; tests of the logger build their own. LOG_LEVEL=info shows them.
process.env.LOG_LEVEL ??= 'silent';
