import { migrateDatabases } from '../db/migrate';
import { rebuildRollups } from '../db/queries/observability-rollup';
import { runJob } from '../lib/server/jobs';
import { asLogHandle, getLogDbHandle, setDbHandle } from '../db/client';
import { getEnv } from '../lib/env';
import { parseArgs, runWithDatabase, ScriptError } from './cli';

// npm run oplog:rollup                      roll up the op-log rows added since the last run (the server does this every minute)
// npm run oplog:rollup -- --rebuild --from 2026-01-01 --to 2026-01-31   recount whole UTC days from the raw log
const args = parseArgs(process.argv.slice(2));

await runWithDatabase('oplog:rollup', async (handle) => {
  setDbHandle(handle);
  const logHandle = getEnv().logDatabaseUrl ? await getLogDbHandle() : asLogHandle(handle);
  await migrateDatabases(handle, logHandle);
  if (args.rebuild === 'true') {
    const from = new Date(args.from ?? '');
    const to = new Date(args.to ?? '');
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || to <= from) {
      throw new ScriptError('--rebuild needs --from and --to (dates or ISO times, from before to)');
    }
    const started = performance.now();
    const r = await rebuildRollups(logHandle.db, { from, to });
    console.log(
      `oplog:rollup: rebuilt ${r.from.toISOString()} – ${r.to.toISOString()} from ${r.rows} row(s) in ${Math.round(performance.now() - started)} ms`,
    );
  }
  // The rollup and grade-snapshot jobs, under their leases (a server's timer may be running them right now).
  for (const job of ['rollup', 'grade-snapshot'] as const) {
    const r = await runJob(job, { handle: logHandle });
    console.log(
      r.ran
        ? `oplog:rollup: ${job}: ${r.summary}`
        : `oplog:rollup: ${job}: another process is running it (${r.heldBy ?? 'lease just freed'}); nothing done`,
    );
  }
  if (logHandle !== handle) await logHandle.close();
});
