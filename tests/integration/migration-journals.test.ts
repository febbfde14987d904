import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '@/db/client';
import { decodeRows, col } from '@/db/codec';
import {
  checkSplit,
  describeSplit,
  logTableNames,
  migrateDatabase,
  migrateDatabases,
  migrationState,
  type JournalName,
} from '@/db/migrate';
import { createServerDatabase } from '../support/server-db';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';

// The two journals of docs/adr/0011-log-database.md, release 1 ("expand") and the release-2 start-up check.
const t = useTestDatabase();

const opened: { handle: DbHandle; drop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.drop();
});

/** A new empty database on this run's driver (in-memory PGlite, or a new server database), nothing applied. */
async function emptyDatabase(max = 2): Promise<DbHandle> {
  if (TEST_DRIVER === 'pglite') {
    const handle = await openDatabase({ driver: 'pglite', dir: null });
    opened.push({ handle, drop: () => handle.close() });
    return handle;
  }
  const created = await createServerDatabase(t.url!, 'bobbin_journals');
  const handle = await openDatabase({ driver: TEST_DRIVER, url: created.url, max });
  opened.push({
    handle,
    async drop() {
      await handle.close();
      await created.drop();
    },
  });
  return handle;
}

function journalTags(name: JournalName): string[] {
  const folder = name === 'main' ? 'drizzle' : 'drizzle-log';
  const journal = JSON.parse(fs.readFileSync(path.join(process.cwd(), folder, 'meta/_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  return journal.entries.map((e) => e.tag);
}

async function tables(h: DbHandle): Promise<string[]> {
  return decodeRows(
    { name: col.text },
    await h.db.execute(
      sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by 1`,
    ),
  ).map((r) => r.name);
}

/** Columns, constraints, indexes of the op-log tables and the op-log functions, order-independent. */
async function logShape(h: DbHandle): Promise<string[]> {
  const names = logTableNames();
  const list = sql.join(
    names.map((n) => sql`${n}`),
    sql`, `,
  );
  const rows = decodeRows(
    { line: col.text },
    await h.db.execute(sql`
      select format('column %s.%s %s default %s null %s', table_name, column_name, data_type, column_default, is_nullable) as line
        from information_schema.columns where table_schema = 'public' and table_name in (${list})
      union all
      select format('constraint %s %s %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
        from pg_constraint where conrelid::regclass::text in (${list})
      union all
      select format('index %s', regexp_replace(indexdef, ' ON (ONLY )?', ' ON ')) from pg_indexes
       where schemaname = 'public' and tablename in (${list})
      union all
      select format('function %s', pg_get_functiondef(p.oid)) from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public' and p.proname in ('oplog_month_name', 'oplog_ensure_month', 'oplog_ensure_partitions',
             'session_stability_score', 'session_stability_grade')
      order by 1`),
  );
  return rows.map((r) => r.line);
}

async function bookkeeping(h: DbHandle, name: JournalName): Promise<{ n: number; distinct: number } | null> {
  const table = name === 'main' ? 'drizzle.__drizzle_migrations' : 'drizzle.__drizzle_log_migrations';
  const [exists] = decodeRows(
    { t: col.nullable(col.text) },
    await h.db.execute(sql`select to_regclass(${table})::text as t`),
  );
  if (!exists?.t) return null;
  const [row] = decodeRows(
    { n: col.number, distinct: col.number },
    await h.db.execute(sql`select count(*) as n, count(distinct created_at) as distinct from ${sql.raw(table)}`),
  );
  return row!;
}

async function insertOplogRow(h: DbHandle): Promise<void> {
  await h.db.execute(
    sql`insert into operation_logs (user_id, platform_account_id, operation_type, status) values ('u1', 'acc', 'CHECK_LOGIN', 'SUCCESS')`,
  );
}

describe(`migration journals (${TEST_DRIVER})`, () => {
  it('a fresh log database migrated by the log journal has exactly the op-log tables, shaped as the main journal left them', async () => {
    const log = await emptyDatabase();
    await migrateDatabase(log, ['log']);
    expect(await tables(log)).toEqual(logTableNames());
    expect(await tables(log)).not.toContain('products');
    expect(await migrationState(log, 'log')).toEqual({
      applied: journalTags('log').at(-1),
      latest: journalTags('log').at(-1),
      pending: 0,
    });
    expect(await bookkeeping(log, 'main')).toBeNull();
    // Same columns, constraints, indexes and functions as the single journal built in the main database.
    expect(await logShape(log)).toEqual(await logShape(t.handle));
    // The month partitions exist and the functions the queries call work.
    await insertOplogRow(log);
    const [row] = decodeRows(
      { part: col.text, grade: col.text },
      await log.db.execute(
        sql`select tableoid::regclass::text as part, session_stability_grade(85) as grade from operation_logs`,
      ),
    );
    expect(row).toEqual({ part: expect.stringMatching(/^operation_logs_y\d{4}m\d{2}_success$/), grade: 'STABLE' });

    const before = { tables: await tables(log), shape: await logShape(log), kept: await bookkeeping(log, 'log') };
    await migrateDatabase(log, ['log']);
    expect({ tables: await tables(log), shape: await logShape(log), kept: await bookkeeping(log, 'log') }).toEqual(
      before,
    );
    expect(before.kept).toEqual({ n: journalTags('log').length, distinct: journalTags('log').length });
  });

  it('a database that got the op-log tables from the old single journal takes the log journal as a no-op', async () => {
    const old = await emptyDatabase();
    await migrateDatabase(old, ['main']); // what every database got before the split
    await insertOplogRow(old);
    const before = { tables: await tables(old), shape: await logShape(old) };
    expect(await bookkeeping(old, 'log')).toBeNull();

    await migrateDatabase(old, ['log']);
    expect({ tables: await tables(old), shape: await logShape(old) }).toEqual(before);
    expect((await migrationState(old, 'log')).pending).toBe(0);
    expect((await migrationState(old, 'main')).pending).toBe(0);
    const [kept] = decodeRows({ n: col.number }, await old.db.execute(sql`select count(*) as n from operation_logs`));
    expect(kept!.n).toBe(1);
    // Both journals again (the single-database default): nothing left to apply.
    await migrateDatabase(old);
    expect(await bookkeeping(old, 'main')).toEqual({
      n: journalTags('main').length,
      distinct: journalTags('main').length,
    });
    expect(await bookkeeping(old, 'log')).toEqual({ n: 1, distinct: 1 });
  });

  it('the start-up check reports op-log rows in the main database and main rows in the log database', async () => {
    const cleanLog = await emptyDatabase();
    await migrateDatabases(t.handle, cleanLog);
    expect(await checkSplit(t.handle, cleanLog)).toEqual({ logTablesInMain: [], mainTablesInLog: [] });
    expect(describeSplit(await checkSplit(t.handle, cleanLog))).toEqual([]);

    // A log database from before the split got every main migration, including the rows two of them seed (the
    // size chart, the default alert rules): reported, as the contract release must not drop them unseen.
    const oldLog = await emptyDatabase();
    await migrateDatabase(oldLog);
    await insertOplogRow(t.handle);
    const shared = sql`insert into job_leases (name, holder, expires_at) values ('rollup', 'x', now())`;
    await t.handle.db.execute(shared);
    await oldLog.db.execute(shared);
    const report = await checkSplit(t.handle, oldLog);
    expect(report.logTablesInMain).toEqual([{ table: 'operation_logs', rows: 1 }]);
    expect(report.mainTablesInLog.map((m) => m.table)).toEqual([
      'alert_rules',
      'size_chart_categories',
      'size_chart_sizes',
    ]);
    expect(describeSplit(report)).toEqual([
      'op-log tables in the main database hold rows: operation_logs (1 rows)',
      expect.stringMatching(
        /^main tables in the log database hold rows: alert_rules \(\d+ rows\), size_chart_categories/,
      ),
    ]);
  });
});

if (TEST_DRIVER !== 'pglite') {
  describe(`migrating both journals from several processes at once (${TEST_DRIVER})`, () => {
    it('three pairs of pools migrating a fresh main and a fresh log database at the same moment all succeed, each migration once', async () => {
      const main = [await emptyDatabase()];
      const log = [await emptyDatabase()];
      const url = (h: DbHandle) => `postgres://${t.url!.split('://')[1]!.split('/')[0]}/${h.target.split('/').pop()}`;
      for (let i = 0; i < 2; i++) {
        main.push(await openDatabase({ driver: TEST_DRIVER as 'pg' | 'neon', url: url(main[0]!), max: 2 }));
        log.push(await openDatabase({ driver: TEST_DRIVER as 'pg' | 'neon', url: url(log[0]!), max: 2 }));
      }
      try {
        await Promise.all(main.map((m, i) => migrateDatabases(m, log[i]!)));
        const mainCount = journalTags('main').length;
        expect(await bookkeeping(main[0]!, 'main')).toEqual({ n: mainCount, distinct: mainCount });
        expect(await bookkeeping(main[0]!, 'log')).toBeNull();
        expect(await bookkeeping(log[0]!, 'log')).toEqual({ n: 1, distinct: 1 });
        expect(await bookkeeping(log[0]!, 'main')).toBeNull();
        expect(await tables(log[0]!)).toEqual(logTableNames());
      } finally {
        for (const h of [...main.slice(1), ...log.slice(1)]) await h.close();
      }
    });
  });
}
