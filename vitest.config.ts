import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = path.dirname(new URL(import.meta.url).pathname);
// The PostgreSQL server runs of the integration suite need a server URL; without one only PGlite runs.
const serverUrl = process.env.TEST_DATABASE_URL || (process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : '');

const integration = (name: string, driver: string) => ({
  extends: true as const,
  test: {
    name,
    globalSetup: driver === 'pglite' ? ['tests/support/pglite-template.ts'] : [],
    include: ['tests/integration/**/*.test.ts'],
    env: { TEST_DRIVER: driver, TEST_DATABASE_URL: serverUrl },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  // `import 'server-only'` marks server modules for Next's bundler (which aliases it); under vitest it is empty.
  resolve: { alias: { '@': root, 'server-only': path.join(root, 'node_modules/next/dist/compiled/server-only/empty.js') } },
  test: {
    environment: 'node',
    setupFiles: ['tests/support/setup.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      integration('integration-pglite', 'pglite'),
      ...(serverUrl ? [integration('integration-pg', 'pg'), integration('integration-neon', 'neon')] : []),
    ],
  },
});
