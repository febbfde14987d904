import { getLogDbHandle } from '../db/client';
import { migrateDatabases } from '../db/migrate';
import { getEnv } from '../lib/env';
import { log } from '../lib/server/log';
import { runStreamConsumer, streamConfigFromEnv } from '../lib/server/oplog-stream';
import { runWithDatabase, ScriptError } from './cli';

// npm run oplog:consume: drains the op-log JetStream stream (OPLOG_STREAM_URL) into the log database until
// SIGTERM/SIGINT. Run any number of them (and app servers with jobs on): they share one durable consumer, each
// batch goes to one of them, and a batch is acknowledged only after its rows are committed.
await runWithDatabase('oplog:consume', async (handle) => {
  const cfg = streamConfigFromEnv();
  if (!cfg) throw new ScriptError('OPLOG_STREAM_URL is not set (nats://host:4222): there is no stream to consume');
  const logHandle = getEnv().logDatabaseUrl ? await getLogDbHandle() : handle;
  await migrateDatabases(handle, logHandle);
  const stop = new AbortController();
  for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => stop.abort());
  let rows = 0;
  log.info({ stream: cfg.stream, target: logHandle.target }, 'oplog:consume: draining the op-log stream');
  try {
    await runStreamConsumer(cfg, logHandle, stop.signal, { onBatch: (written) => (rows += written) });
  } finally {
    log.info({ rows }, 'oplog:consume: stopped');
    if (logHandle !== handle) await logHandle.close();
  }
});
