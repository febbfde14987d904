// A process that logs operations continuously until SIGTERM; run by tests/integration/oplog-logger.test.ts to
// prove that graceful shutdown flushes everything. Prints `logged=<n>` as its last line.
import { openDatabase, optionsFromEnv, setDbHandle } from '../../db/client';
import { getOperationLogger, logOperation } from '../../lib/server/oplog';
import { onShutdown } from '../../lib/server/shutdown';

const runId = process.env.CHILD_RUN_ID ?? 'child';
const handle = await openDatabase(optionsFromEnv('logger child'));
setDbHandle(handle);
// Long interval and large batch: nothing is written until shutdown, so only the shutdown flush can save it.
const logger = getOperationLogger({ flushIntervalMs: 60_000, batchSize: 1_000_000 });
let n = 0;
const timer = setInterval(() => {
  for (let i = 0; i < 50; i++) {
    logOperation({
      userId: runId,
      platformAccountId: 'acct',
      operationType: 'GET_REVIEWS',
      status: 'SUCCESS',
      executionTimeMs: n % 500,
      requestPayload: { n, token: 'secret' },
    });
    n++;
  }
  if (n === 500) console.log('ready');
}, 2);
onShutdown('stop producing', async () => clearInterval(timer));
onShutdown('op-log flush', async () => {
  const counters = await logger.shutdown(20_000);
  console.log(`logged=${counters.logged} written=${counters.written} buffered=${counters.buffered}`);
});
onShutdown('database', () => handle.close());
