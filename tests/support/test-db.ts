import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { asLogHandle, openDatabase, setDbHandle, setLogDbHandle, type DbHandle, type LogDbHandle } from '@/db/client';
import { migrateDatabase, type JournalName } from '@/db/migrate';
import { insertDefaultSizeChart } from '@/db/queries/size-chart';
import { startNeonProxy } from './neon-proxy';
import { createServerDatabase } from './server-db';

export type TestDriver = 'pglite' | 'pg' | 'neon';
export const TEST_DRIVER = (process.env.TEST_DRIVER ?? 'pglite') as TestDriver;

function serverUrl(): string {
  const url = process.env.TEST_DATABASE_URL || process.env.BOBBIN_TEST_SERVER_URL;
  if (!url)
    throw new Error('TEST_DATABASE_URL is not set: the pg and neon integration projects need a PostgreSQL server');
  return url;
}

/**
 * `log` is the database holding the op-log tables: the main one, or, in the integration-logdb-* projects
 * (TEST_LOG_DATABASE=split), a second database installed as the log database (as LOG_DATABASE_URL does).
 */
export type TestDatabase = {
  handle: DbHandle;
  log: LogDbHandle;
  driver: TestDriver;
  url: string | null;
  drop(): Promise<void>;
};

/** Whether this run sets the op-log tables apart in a second database. */
export const SPLIT_LOG = process.env.TEST_LOG_DATABASE === 'split';

/**
 * One fresh database on this run's driver, migrated by the given journals: both for a single database, the main
 * one or the log one for a split (as db/migrate.ts's migrateDatabases does with LOG_DATABASE_URL).
 */
export async function openFresh(
  journals: JournalName[],
): Promise<{ handle: DbHandle; url: string | null; drop(): Promise<void> }> {
  if (TEST_DRIVER === 'pglite') {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bobbin-it-')), 'pglite');
    const template = journals.includes('main') ? inject('pgliteTemplate') : inject('pgliteLogTemplate');
    if (template) fs.cpSync(template, dir, { recursive: true });
    const handle = await openDatabase({ driver: 'pglite', dir, holder: 'vitest' });
    await migrateDatabase(handle, journals); // a no-op on the template's copy
    return {
      handle,
      url: null,
      async drop() {
        await handle.close();
        fs.rmSync(path.dirname(dir), { recursive: true, force: true });
      },
    };
  }
  const created = await createServerDatabase(serverUrl(), 'bobbin_test');
  const handle = await openDatabase({ driver: TEST_DRIVER, url: created.url, max: SPLIT_LOG ? 10 : 20 });
  await migrateDatabase(handle, journals);
  return {
    handle,
    url: created.url,
    async drop() {
      await handle.close();
      await created.drop();
    },
  };
}

/**
 * A fresh, migrated database for one test file: a new PGlite data dir, or a new database on the server
 * (reached through node-postgres or through the Neon driver and a local WebSocket proxy), dropped afterwards.
 * It is also installed as the process-wide database, so actions and route handlers use it.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const proxy = TEST_DRIVER === 'neon' ? await startNeonProxy() : null;
  if (proxy) process.env.NEON_WS_PROXY = proxy.address;
  const main = await openFresh(SPLIT_LOG ? ['main'] : ['main', 'log']);
  const apart = SPLIT_LOG ? await openFresh(['log']) : null;
  setDbHandle(main.handle);
  if (apart) setLogDbHandle(apart.handle);
  return {
    handle: main.handle,
    log: asLogHandle((apart ?? main).handle),
    driver: TEST_DRIVER,
    url: main.url,
    async drop() {
      setDbHandle(null);
      await apart?.drop();
      await main.drop();
      await proxy?.close();
    },
  };
}

/**
 * The usual file setup: one database for the file (created before its tests, dropped after), emptied before each
 * test. The returned object reads the current database, so `t.handle` / `t.url` work inside tests and hooks.
 */
export function useTestDatabase(): Omit<TestDatabase, 'drop'> {
  let current: TestDatabase | undefined;
  beforeAll(async () => {
    current = await createTestDatabase();
  });
  afterAll(async () => {
    await current?.drop();
  });
  beforeEach(async () => {
    await resetTables(current!.handle);
    if (current!.log !== current!.handle) await resetTables(current!.log, 'log');
  });
  const get = () => {
    if (!current) throw new Error('useTestDatabase: the database exists only inside tests and hooks');
    return current;
  };
  return {
    get handle() {
      return get().handle;
    },
    get log() {
      return get().log;
    },
    get driver() {
      return get().driver;
    },
    get url() {
      return get().url;
    },
  };
}

const tableLists = new WeakMap<DbHandle, Promise<string>>();

/** Empties every application table between tests (migrations stay applied); `log`: a log database set apart. */
export async function resetTables(handle: DbHandle, side: 'main' | 'log' = 'main'): Promise<void> {
  // Every table of the schema, read from the catalog (partitions go with their parent), so a new table needs no edit here.
  const tables = (tableLists.get(handle) ??
    handle
      .query<{ list: string }>(
        `select string_agg(format('%I.%I', n.nspname, c.relname), ', ' order by c.relname) as list
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition`,
      )
      .then((r) => r[0]!.list)) as Promise<string>;
  tableLists.set(handle, tables);
  await handle.query(`truncate table ${await tables} restart identity cascade`);
  // The migration seeds the chart; tests start from those values again (the log database has no chart).
  if (side === 'main') await insertDefaultSizeChart(handle.db);
}
