import { backupEmbedded, backupServer, logBackupPath } from '../db/backup';
import { getEnv } from '../lib/env';
import { parseArgs, runScript, ScriptError } from './cli';

/**
 * `npm run db:backup -- --out FILE`: the embedded database (a gzipped tar of PGlite's data dir, taken by the
 * running server when one holds it) or the PostgreSQL server (pg_dump custom format; the log database, when
 * LOG_DATABASE_URL sets one apart, goes to FILE's `.log` sibling).
 */
await runScript('db:backup', async () => {
  const args = parseArgs(process.argv.slice(2));
  if (!args.out || args.out === 'true') throw new ScriptError('usage: npm run db:backup -- --out FILE');
  const env = getEnv();
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(2)} MB`;
  if (env.driver === 'pglite') {
    const r = await backupEmbedded(env.pgliteDir, args.out);
    console.log(
      `db:backup: embedded ${env.pgliteDir} → ${r.file} (${mb(r.bytes)}, ${Math.round(r.ms)} ms, ${r.via === 'server' ? 'taken by the running server' : 'server not running'})`,
    );
    return;
  }
  const main = await backupServer(env.databaseUrl!, args.out);
  console.log(`db:backup: main database → ${main.file} (${mb(main.bytes)}, ${Math.round(main.ms)} ms)`);
  if (env.logDatabaseUrl) {
    const log = await backupServer(env.logDatabaseUrl, logBackupPath(args.out));
    console.log(`db:backup: log database → ${log.file} (${mb(log.bytes)}, ${Math.round(log.ms)} ms)`);
  }
});
