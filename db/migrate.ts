import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { DbHandle } from './client';
import { rowsOf } from './client';

export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'drizzle');

type Journal = { entries: { idx: number; when: number; tag: string }[] };

function readJournal(): Journal {
  return JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as Journal;
}

/** A fixed key for the migration lock (any bigint; advisory locks are per database). */
const MIGRATION_LOCK = 7_262_440_001;

/**
 * Applies pending migrations (generated and hand-written alike, in journal order), in ONE transaction that
 * first takes a transaction-level advisory lock: a second process starting at the same moment waits there,
 * then reads the applied state under the lock and finds nothing left to do. Transaction-level (not session)
 * so it also holds through PgBouncer in transaction mode, and it is released by the commit or rollback.
 * Same bookkeeping as drizzle's migrator (drizzle.__drizzle_migrations, applied when newer than the last).
 */
export async function migrateDatabase(handle: DbHandle): Promise<void> {
  const { readMigrationFiles } = await import('drizzle-orm/migrator');
  const migrations = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
  await handle.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.execute(sql`create schema if not exists drizzle`);
    await tx.execute(
      sql`create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)`,
    );
    const [last] = rowsOf<{ created_at: string | number }>(
      await tx.execute(sql`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`),
    );
    for (const migration of migrations) {
      if (last && Number(last.created_at) >= migration.folderMillis) continue;
      for (const statement of migration.sql) await tx.execute(sql.raw(statement));
      await tx.execute(
        sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${migration.hash}, ${migration.folderMillis})`,
      );
    }
  });
}

export type MigrationState = { applied: string | null; latest: string; pending: number };

/** The newest applied migration's tag, and how many in the folder are not applied yet. */
export async function migrationState(handle: DbHandle): Promise<MigrationState> {
  const journal = readJournal();
  const latest = journal.entries.at(-1)?.tag ?? 'none';
  const exists = rowsOf<{ t: string | null }>(
    await handle.db.execute(sql`select to_regclass('drizzle.__drizzle_migrations')::text as t`),
  )[0]?.t;
  if (!exists) return { applied: null, latest, pending: journal.entries.length };
  const rows = rowsOf<{ created_at: string | number }>(
    await handle.db.execute(sql`select created_at from drizzle.__drizzle_migrations order by created_at`),
  );
  const appliedWhen = new Set(rows.map((r) => Number(r.created_at)));
  const applied = journal.entries.filter((e) => appliedWhen.has(e.when));
  return {
    applied: applied.at(-1)?.tag ?? null,
    latest,
    pending: journal.entries.length - applied.length,
  };
}
