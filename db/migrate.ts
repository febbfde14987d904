import fs from 'node:fs';
import path from 'node:path';
import { getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import type { DbHandle } from './client';
import { rowsOf } from './client';
import { decodeRows, col } from './codec';
import * as logSchema from './schema/log';
import { getEnv } from '../lib/env';

/**
 * Two journals (docs/adr/0011-log-database.md): `main` (drizzle/, drizzle.config.ts) and `log` (drizzle-log/,
 * drizzle.log.config.ts, the op-log tables). Each records what it applied in its own table, so both can be
 * applied to one database (LOG_DATABASE_URL unset) without reading each other's timestamps.
 */
export type JournalName = 'main' | 'log';
const JOURNALS: Record<JournalName, { folder: string; table: string }> = {
  main: { folder: path.join(process.cwd(), 'drizzle'), table: '__drizzle_migrations' },
  log: { folder: path.join(process.cwd(), 'drizzle-log'), table: '__drizzle_log_migrations' },
};
/** Every journal, in the order they are applied to one database (main first: the log journal's tables may exist). */
const ALL: readonly JournalName[] = ['main', 'log'];

type Journal = { entries: { idx: number; when: number; tag: string }[] };

function readJournal(name: JournalName): Journal {
  return JSON.parse(fs.readFileSync(path.join(JOURNALS[name].folder, 'meta', '_journal.json'), 'utf8')) as Journal;
}

/** A fixed key for the migration lock (any bigint; advisory locks are per database). */
const MIGRATION_LOCK = 7_262_440_001;

/**
 * Applies pending migrations of the given journals (generated and hand-written alike, in journal order), in ONE
 * transaction that first takes a transaction-level advisory lock: a second process starting at the same moment
 * waits there, then reads the applied state under the lock and finds nothing left to do. Transaction-level (not
 * session) so it also holds through PgBouncer in transaction mode, and it is released by the commit or rollback.
 * Same bookkeeping as drizzle's migrator (drizzle.__drizzle_migrations, applied when newer than the last), one
 * table per journal. The default, both journals, is the single-database setup; with a log database set apart use
 * migrateDatabases().
 */
export async function migrateDatabase(handle: DbHandle, journals: readonly JournalName[] = ALL): Promise<void> {
  const { readMigrationFiles } = await import('drizzle-orm/migrator');
  await handle.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.execute(sql`create schema if not exists drizzle`);
    for (const name of ALL.filter((j) => journals.includes(j))) {
      const { folder, table } = JOURNALS[name];
      const bookkeeping = sql.identifier(table);
      await tx.execute(
        sql`create table if not exists drizzle.${bookkeeping} (id serial primary key, hash text not null, created_at bigint)`,
      );
      const [last] = decodeRows(
        { created_at: col.number },
        await tx.execute(sql`select created_at from drizzle.${bookkeeping} order by created_at desc limit 1`),
      );
      for (const migration of readMigrationFiles({ migrationsFolder: folder })) {
        if (last && last.created_at >= migration.folderMillis) continue;
        for (const statement of migration.sql) await tx.execute(sql.raw(statement));
        await tx.execute(
          sql`insert into drizzle.${bookkeeping} (hash, created_at) values (${migration.hash}, ${migration.folderMillis})`,
        );
      }
    }
  });
}

/**
 * The configured databases: the main journal to `main` and the log journal to `log` when they differ
 * (LOG_DATABASE_URL), both journals to `main` when they are the same handle.
 */
export async function migrateDatabases(main: DbHandle, log: DbHandle): Promise<void> {
  if (log === main) return migrateDatabase(main, ALL);
  await migrateDatabase(main, ['main']);
  await migrateDatabase(log, ['log']);
}

/**
 * The journals a script that only opened the main database applies to it: both, unless LOG_DATABASE_URL sets the
 * op-log tables apart (then the log journal is the log database's, applied by boot or migrateDatabases()).
 */
export function mainJournals(): JournalName[] {
  return getEnv().logDatabaseUrl ? ['main'] : [...ALL];
}

export type MigrationState = { applied: string | null; latest: string; pending: number };

/** The newest applied migration's tag of one journal, and how many in its folder are not applied yet. */
export async function migrationState(handle: DbHandle, name: JournalName = 'main'): Promise<MigrationState> {
  const journal = readJournal(name);
  const table = `drizzle.${JOURNALS[name].table}`;
  const latest = journal.entries.at(-1)?.tag ?? 'none';
  const [exists] = decodeRows(
    { t: col.nullable(col.text) },
    await handle.db.execute(sql`select to_regclass(${table})::text as t`),
  );
  if (!exists?.t) return { applied: null, latest, pending: journal.entries.length };
  const rows = decodeRows(
    { created_at: col.number },
    await handle.db.execute(sql`select created_at from ${sql.raw(table)} order by created_at`),
  );
  const appliedWhen = new Set(rows.map((r) => r.created_at));
  const applied = journal.entries.filter((e) => appliedWhen.has(e.when));
  return {
    applied: applied.at(-1)?.tag ?? null,
    latest,
    pending: journal.entries.length - applied.length,
  };
}

/** Tables of the log journal that both databases keep: a job takes its lease, and ingest its key, where it writes. */
const SHARED_TABLES = new Set(['job_leases', 'ingest_idempotency_keys']);

/** The op-log tables: the log schema entry's, and the partitioned parents drizzle does not model. */
export function logTableNames(): string[] {
  const modelled = (Object.values(logSchema) as unknown[]).flatMap((v) => (is(v, PgTable) ? [getTableName(v)] : []));
  return [...new Set([...modelled, 'operation_logs', 'operation_logs_archive'])].sort();
}

export type MisplacedTable = { table: string; rows: number };
export type SplitReport = { logTablesInMain: MisplacedTable[]; mainTablesInLog: MisplacedTable[] };

/** Rows counted up to this many per table: enough to say "has data", cheap on a large misplaced table. */
const COUNT_CAP = 10_000;

async function tablesWithRows(handle: DbHandle, keep: (table: string) => boolean): Promise<MisplacedTable[]> {
  const tables = decodeRows(
    { name: col.text },
    await handle.db.execute(
      sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by 1`,
    ),
  )
    .map((r) => r.name)
    .filter(keep);
  const out: MisplacedTable[] = [];
  for (const table of tables) {
    const [row] = decodeRows(
      { n: col.number },
      await handle.db.execute(
        sql`select count(*) as n from (select 1 from ${sql.identifier(table)} limit ${COUNT_CAP}) s`,
      ),
    );
    if (row && row.n > 0) out.push({ table, rows: row.n });
  }
  return out;
}

/**
 * The start-up check of ADR 11's "migrate" release, with a log database set apart: op-log tables in the main
 * database that hold rows, and main tables in the log database that hold rows (both should be empty: the app
 * never writes them there; the rows main migrations seed, the size chart and default alert rules, are the known
 * exception in a log database that got every main migration before the split). Tables shared by
 * both sides are not reported. Row counts stop at 10,000.
 */
export async function checkSplit(main: DbHandle, log: DbHandle): Promise<SplitReport> {
  const logTables = new Set(logTableNames());
  const [logTablesInMain, mainTablesInLog] = await Promise.all([
    tablesWithRows(main, (t) => logTables.has(t) && !SHARED_TABLES.has(t)),
    tablesWithRows(log, (t) => !logTables.has(t) && !SHARED_TABLES.has(t)),
  ]);
  return { logTablesInMain, mainTablesInLog };
}

/** One line per side for logs and the db:check-split script; empty when nothing is misplaced. */
export function describeSplit(report: SplitReport): string[] {
  const list = (ts: MisplacedTable[]) =>
    ts.map((t) => `${t.table} (${t.rows >= COUNT_CAP ? `${COUNT_CAP}+` : t.rows} rows)`).join(', ');
  const lines: string[] = [];
  if (report.logTablesInMain.length)
    lines.push(`op-log tables in the main database hold rows: ${list(report.logTablesInMain)}`);
  if (report.mainTablesInLog.length)
    lines.push(`main tables in the log database hold rows: ${list(report.mainTablesInLog)}`);
  return lines;
}
