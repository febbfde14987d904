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

/** Applies pending migrations (generated and hand-written alike, in journal order) with the handle's driver. */
export async function migrateDatabase(handle: DbHandle): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_FOLDER };
  if (handle.driver === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(handle.db as never, config);
  } else if (handle.driver === 'pg') {
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    await migrate(handle.db as never, config);
  } else {
    const { migrate } = await import('drizzle-orm/neon-serverless/migrator');
    await migrate(handle.db as never, config);
  }
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
