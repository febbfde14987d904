import { vi } from 'vitest';

// Outside a Next request there is no cache to revalidate; record calls instead so tests can assert them.
vi.mock('next/cache', () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));
// The test database is chosen by the harness, never by whatever DATABASE_URL the shell has.
process.env.DATABASE_URL = '';
process.env.DATABASE_DRIVER = '';
// Request and action log lines would bury the test report; tests of the logger build their own. LOG_LEVEL=info shows them.
process.env.LOG_LEVEL ??= 'silent';
