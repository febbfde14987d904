import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, resolveChromium } from './e2e/browser';

const PORT = Number(process.env.E2E_PORT ?? 3100);
// A fresh embedded database for every run; set once so Playwright's workers (which re-read this file) agree.
process.env.E2E_PGLITE_DIR ??= path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bobbin-e2e-')), 'pglite');

// Specs that need the PostgreSQL server run only when one is configured (as vitest.config.ts's pg projects).
const serverUrl =
  process.env.TEST_DATABASE_URL || (process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : '');

export default defineConfig({
  testDir: './e2e',
  testIgnore: serverUrl ? [] : ['processes.spec.ts'],
  // Ceilings for hangs, not speed targets: on a shared 2-core machine under heavy load a sign-in or a first page
  // compile has taken over 30 s. Passing tests never wait for these.
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1, // one PGlite server process; tests share it and use their own records
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: resolveChromium(), args: CHROMIUM_ARGS },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    // `npm start`'s own script: builds when needed, migrates and seeds the fresh data dir, serves.
    command: 'node scripts/start.mjs',
    url: `http://127.0.0.1:${PORT}/api/health`,
    timeout: 900_000, // a first `next build` takes minutes on a loaded 2-core machine (3.6 min compile measured)
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(PORT),
      PGLITE_DIR: process.env.E2E_PGLITE_DIR,
      DATABASE_URL: '',
      DATABASE_DRIVER: '',
      NEXTAUTH_URL: `http://127.0.0.1:${PORT}`,
      // The webhooks and alerts specs deliver to receivers they start on 127.0.0.1, which the SSRF guard refuses
      // by default (alert channels post through the same guard).
      WEBHOOK_ALLOW_NETWORKS: '127.0.0.1/32',
      WEBHOOK_DISPATCH_EVERY_MS: '500',
    },
  },
});
