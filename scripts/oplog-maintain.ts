import { migrateDatabases } from '../db/migrate';
import { applyRetention, ensurePartitions, planRetention } from '../db/queries/oplog-maintenance';
import { expireIdempotencyKeys } from '../db/queries/idempotency';
import { IDEMPOTENCY_TTL_HOURS } from '../lib/server/idempotency';
import { asLogHandle, getLogDbHandle, setDbHandle } from '../db/client';
import { getEnv } from '../lib/env';
import { parseArgs, runWithDatabase } from './cli';

const args = parseArgs(process.argv.slice(2));
const dryRun = args['dry-run'] === 'true';

await runWithDatabase('oplog:maintain', async (handle) => {
  setDbHandle(handle);
  const logHandle = getEnv().logDatabaseUrl ? await getLogDbHandle() : asLogHandle(handle);
  await migrateDatabases(handle, logHandle);
  const steps = await planRetention(logHandle.db);
  if (dryRun) {
    console.log('oplog:maintain: dry run; nothing changes');
    console.log(
      '  would create partitions for last month, this month and the next 3, and for any month with rows in DEFAULT',
    );
  } else {
    const created = await ensurePartitions(logHandle.db, { back: 1, ahead: 3 });
    console.log(`oplog:maintain: created ${created} partition(s)`);
  }
  if (steps.length === 0) console.log('oplog:maintain: retention: nothing is old enough to archive or drop');
  for (const step of steps) console.log(`  ${dryRun ? 'would ' : ''}${step.description}`);
  if (!dryRun) {
    await applyRetention(logHandle.db, steps);
    const keys = await expireIdempotencyKeys(logHandle.db, IDEMPOTENCY_TTL_HOURS);
    console.log(`oplog:maintain: deleted ${keys} ingest idempotency key(s) older than ${IDEMPOTENCY_TTL_HOURS} hours`);
  }
  if (logHandle !== handle) await logHandle.close();
});
