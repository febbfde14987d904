import { migrateDatabases } from '../db/migrate';
import { getLogDbHandle } from '../db/client';
import { getEnv } from '../lib/env';
import { isJobName, JOB_NAMES, runJob } from '../lib/server/jobs';
import { runWithDatabase, ScriptError } from './cli';

// npm run job:<name>   (rollup, grade-snapshot, oplog-maintenance, reservation-expiry, alerts, webhook-dispatch): run one background job
// now, e.g. from cron. Same registry and lease as the server's timers: if another process is running the job,
// this says so and exits 0 without running it.
const name = process.argv[2] ?? '';

await runWithDatabase(`job:${name}`, async (handle) => {
  if (!isJobName(name)) throw new ScriptError(`unknown job "${name}"; the jobs are ${JOB_NAMES.join(', ')}`);
  const logHandle = getEnv().logDatabaseUrl ? await getLogDbHandle() : null;
  await migrateDatabases(handle, logHandle ?? handle);
  try {
    const r = await runJob(name);
    console.log(
      r.ran
        ? `job:${name}: ${r.summary} (${r.ms} ms)`
        : `job:${name}: another process is running it (${r.heldBy ?? 'lease just freed'}); nothing done`,
    );
  } finally {
    await logHandle?.close();
  }
});
