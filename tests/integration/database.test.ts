import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import { migrateDatabase, migrationState } from '@/db/migrate';
import { seedDemo } from '@/db/seed';
import { DEMO_LOGINS } from '@/db/demo';
import { GET as health } from '@/app/api/health/route';
import { listStaff } from '@/db/queries/staff';
import { getDemandVsStock } from '@/db/queries/customers';
import { GARMENT_TYPES } from '@/lib/surveys/size-chart';
import { authorizeCredentials } from '@/lib/server/auth-options';
import { createTestDatabase, TEST_DRIVER, type TestDatabase } from '../support/test-db';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe(`database (${TEST_DRIVER})`, () => {
  it('applies every migration in the journal, and re-running is a no-op', async () => {
    const journal = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'drizzle/meta/_journal.json'), 'utf8')) as {
      entries: { tag: string }[];
    };
    const state = await migrationState(t.handle);
    expect(state).toEqual({ applied: journal.entries.at(-1)!.tag, latest: journal.entries.at(-1)!.tag, pending: 0 });
    await migrateDatabase(t.handle);
    expect(await migrationState(t.handle)).toEqual(state);
  });

  it('reports health: reachable, driver and migration', async () => {
    const res = await health(new Request('http://test.local/api/health'), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      database: 'reachable',
      driver: TEST_DRIVER,
      migration: (await migrationState(t.handle)).latest,
    });
  });

  it('seeds the demo once, and the demo logins work', async () => {
    expect(await seedDemo(t.handle.db)).toBe(true);
    expect(await seedDemo(t.handle.db)).toBe(false);
    const { total } = await listStaff(t.handle.db);
    expect(total).toBeGreaterThanOrEqual(DEMO_LOGINS.length);
    for (const login of DEMO_LOGINS) {
      expect(await authorizeCredentials({ email: login.email, password: login.password }, '127.0.0.1')).toMatchObject({
        role: login.role,
      });
    }
    // Every garment type's demand view has stock at first start; the Skirts and Shoes demo products cover every
    // bottoms and shoes chart size.
    for (const g of GARMENT_TYPES) {
      const view = await getDemandVsStock(t.handle.db, g);
      expect(view.units, g).toBeGreaterThan(0);
      if (g !== 'tops')
        expect(
          view.rows.filter((r) => r.available === 0).map((r) => r.size),
          g,
        ).toEqual([]);
    }
  });

  it('npm run user:create creates an admin who can sign in, and refuses a duplicate', async () => {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } as unknown as NodeJS.ProcessEnv;
    let dir: string | null = null;
    if (TEST_DRIVER === 'pglite') {
      // The test's own data dir is locked by this process; the script gets a fresh one (and proves the lock-free path).
      dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bobbin-cli-')), 'pglite');
      env.PGLITE_DIR = dir;
    } else {
      env.DATABASE_URL = t.url!;
      env.DATABASE_DRIVER = TEST_DRIVER;
      if (process.env.NEON_WS_PROXY) env.NEON_WS_PROXY = process.env.NEON_WS_PROXY;
    }
    // Asynchronous on purpose: for the Neon driver the WebSocket proxy runs in this process and must keep serving.
    const run = (...args: string[]) =>
      new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', 'scripts/user-create.ts', ...args],
          { env, timeout: 60_000 },
          (err, stdout, stderr) =>
            resolve({ status: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      });
    const created = await run('--email', 'First.Admin@Example.test', '--role', 'admin', '--name', 'First Admin');
    expect(created.stderr).toBe('');
    expect(created.stdout).toMatch(/created admin first.admin@example.test/);
    expect(created.stdout).toMatch(/password \(shown once\): \S{20}/);
    const password = created.stdout.match(/shown once\): (\S+)/)![1]!;
    const dup = await run('--email', 'first.admin@example.test', '--role', 'support');
    expect(dup.status).toBe(1);
    // Script failures go through the logger: one JSON line on stderr (a human line on a terminal).
    expect(JSON.parse(dup.stderr.trim())).toMatchObject({
      level: 'error',
      msg: 'user:create: A staff account with this email already exists.',
    });
    if (dir) {
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    } else {
      expect(await authorizeCredentials({ email: 'first.admin@example.test', password }, '127.0.0.1')).toMatchObject({
        role: 'admin',
        name: 'First Admin',
      });
    }
  });

  it('runs transactions and rolls them back on error', async () => {
    await t.handle.db.execute(sql`create table if not exists tx_probe (n int)`);
    await expect(
      t.handle.db.transaction(async (tx) => {
        await tx.execute(sql`insert into tx_probe values (1)`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(rowsOf<{ n: number }>(await t.handle.db.execute(sql`select count(*)::int as n from tx_probe`))[0]!.n).toBe(
      0,
    );
  });
});
