import { getLogDbHandle } from '../../db/client';
import { getEnv } from '../env';
import { boot, describeStartupError } from './boot';
import { runJob, startJobTimers } from './jobs';
import { log } from './log';
import { getOperationLogger } from './oplog';
import { FLUSH_BUDGET_MS, onShutdown, rememberHttpServers } from './shutdown';

/** Called once by instrumentation.ts in the Node runtime: boot, or exit with one clear line. */
export async function startServer(): Promise<void> {
  try {
    const handle = await boot();
    const logger = getOperationLogger();
    rememberHttpServers();
    let stopJobs = async (): Promise<void> => {};
    if (getEnv().jobs === 'on') {
      // Partitions for this month exist before the first ingest (another process may hold the lease: it does it).
      await runJob('oplog-maintenance');
      stopJobs = startJobTimers({ ranAlready: ['oplog-maintenance'] });
    } else {
      log.info(
        'BOBBIN_JOBS=off: no job timers in this process; run the jobs from cron (npm run job:<name> or POST /api/jobs/<name>)',
      );
    }
    // Order matters: stop the jobs, flush buffered op-log entries while the pool is still open, then close it.
    onShutdown('jobs', () => stopJobs());
    onShutdown('op-log flush', () => logger.shutdown(FLUSH_BUDGET_MS));
    onShutdown('database', async () => {
      const logHandle = await getLogDbHandle();
      if (logHandle !== handle) await logHandle.close();
      await handle.close();
    });
  } catch (err) {
    log.fatal(`bobbin: ${describeStartupError(err)}`);
    process.exit(1);
  }
}
