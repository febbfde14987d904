import { sql } from 'drizzle-orm';
import { getDbHandle, getLogDbHandle, type DbHandle } from '../../db/client';
import { formatDemoLogins } from '../../db/demo';
import { checkSplit, describeSplit, migrateDatabase, migrationState } from '../../db/migrate';
import { seedDemo, seedDemoOplog } from '../../db/seed';
import { backfillCompleteness } from '../../db/queries/catalog-completeness';
import { EnvError, getEnv } from '../env';
import { DataDirInUse } from '../../db/pglite-lock';
import { log } from './log';
import { resolveAuthSecret } from './secret';
import { installEmbeddedBackupListener } from '../../db/backup';

/** A start-up failure, reduced to the one line an operator needs. */
export function describeStartupError(err: unknown, target?: string): string {
  if (err instanceof EnvError || err instanceof DataDirInUse) return err.message;
  // drizzle wraps driver errors ("Failed query: …"); the driver's own error says what happened.
  let e = err as { code?: string; message?: string; cause?: unknown };
  while (!e.code && e.cause && typeof e.cause === 'object') e = e.cause as typeof e;
  const where = target ? ` at ${target}` : '';
  if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'ETIMEDOUT' || e.code === 'EAI_AGAIN') {
    return `cannot reach the database${where} (${e.code}); is it running, and is DATABASE_URL right?`;
  }
  if (e.code === '3D000') return `the database${where} does not exist (${e.message}); create it or fix DATABASE_URL`;
  if (e.code === '28P01' || e.code === '28000')
    return `the database${where} refused the credentials in DATABASE_URL (${e.message})`;
  return `database start-up failed${where}: ${e.message ?? String(err)}`;
}

/** Opens the database, applies migrations, seeds the embedded demo, and prints how to sign in. */
export async function boot(say: (line: string) => void = (line) => log.info(line)): Promise<DbHandle> {
  const env = getEnv();
  resolveAuthSecret(); // embedded mode: create the secret now, not in the middle of a first request
  const handle = await getDbHandle();
  try {
    await handle.db.execute(sql`select 1`);
    await migrateDatabase(handle, env.logDatabaseUrl ? ['main'] : ['main', 'log']);
  } catch (err) {
    throw new EnvError(describeStartupError(err, handle.target));
  }
  const logHandle = await getLogDbHandle();
  if (logHandle !== handle) {
    try {
      await migrateDatabase(logHandle, ['log']); // the op-log tables live there (LOG_DATABASE_URL)
    } catch (err) {
      throw new EnvError(`LOG_DATABASE_URL: ${describeStartupError(err, logHandle.target)}`);
    }
    // ADR 11, release 2: rows on the wrong side are reported, never moved or dropped here (`npm run db:check-split`).
    for (const line of describeSplit(await checkSplit(handle, logHandle)))
      log.warn({ target: logHandle.target }, `LOG_DATABASE_URL: ${line}; see docs/adr/0011-log-database.md`);
  }
  const state = await migrationState(handle);
  say(`bobbin: database ${handle.driver} (${handle.target}), migration ${state.applied}`);
  if (env.driver === 'pglite') {
    if (handle.pglite) installEmbeddedBackupListener(handle.pglite, env.pgliteDir); // `npm run db:backup` while serving
    if (await seedDemo(handle.db)) {
      await seedDemoOplog(logHandle); // the op-log tables' database (the main one unless LOG_DATABASE_URL)
      say('bobbin: seeded demo data');
    }
    say(formatDemoLogins());
  }
  // Products without a completeness score (written before the column, or by bulk SQL such as seeds): scored in
  // the background, 1,000 at a time, so start-up does not wait for a large catalog.
  void backfillCompleteness(handle.db)
    .then((n) => n && log.info({ products: n }, 'completeness scores computed'))
    .catch((err: unknown) => log.warn({ err }, 'completeness backfill failed; it runs again at the next start'));
  return handle;
}
