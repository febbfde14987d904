import fs from 'node:fs';
import { logBackupPath, restoreEmbedded, restoreServer } from '../db/backup';
import { asLogDb, openDatabase } from '../db/client';
import { mainJournals, migrateDatabase } from '../db/migrate';
import { rebaseRollupCursor } from '../db/queries/observability-rollup';
import { getEnv } from '../lib/env';
import { parseArgs, runScript, ScriptError } from './cli';

/**
 * `npm run db:restore -- FILE [--force]`: into the configured database, which must be empty (an absent or empty
 * PGLITE_DIR, or a database with no tables) unless --force replaces what is there. The next start migrates a
 * backup taken by an older version.
 */
await runScript('db:restore', async () => {
  const argv = process.argv.slice(2);
  const file = argv.find((a) => !a.startsWith('--'));
  const force = parseArgs(argv).force === 'true';
  if (!file) throw new ScriptError('usage: npm run db:restore -- FILE [--force]');
  const env = getEnv();
  if (env.driver === 'pglite') {
    const r = await restoreEmbedded(file, env.pgliteDir, { force });
    console.log(`db:restore: ${file} → embedded ${env.pgliteDir} in ${Math.round(r.ms)} ms`);
    return;
  }
  const main = await restoreServer(file, env.databaseUrl!, { force });
  console.log(`db:restore: ${file} → main database in ${Math.round(main.ms)} ms`);
  const logFile = logBackupPath(file);
  if (env.logDatabaseUrl && fs.existsSync(logFile)) {
    const log = await restoreServer(logFile, env.logDatabaseUrl, { force });
    console.log(`db:restore: ${logFile} → log database in ${Math.round(log.ms)} ms`);
  }
  // Another cluster's transaction ids came with the op-log rows: renumber them if they are ahead of this one's.
  const logUrl = env.logDatabaseUrl && fs.existsSync(logFile) ? env.logDatabaseUrl : env.databaseUrl!;
  const handle = await openDatabase({ driver: env.driver === 'neon' ? 'neon' : 'pg', url: logUrl, max: 1 });
  try {
    // A backup from an older version: its op-log gets the xid column first.
    await migrateDatabase(handle, logUrl === env.databaseUrl ? mainJournals() : ['log']);
    const moved = await rebaseRollupCursor(asLogDb(handle.db)); // the database that holds the op log
    if (moved)
      console.log(`db:restore: ${moved} op-log row(s) renumbered to this cluster's transaction ids for the rollup job`);
  } finally {
    await handle.close();
  }
});
