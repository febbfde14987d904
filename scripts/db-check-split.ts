import { getLogDbHandle } from '../db/client';
import { checkSplit, describeSplit } from '../db/migrate';
import { getEnv } from '../lib/env';
import { runWithDatabase } from './cli';

// npm run db:check-split: with LOG_DATABASE_URL set, lists op-log tables in the main database and main tables in the
// log database that hold rows (ADR 11, release 2); exit code 1 when there are any, so the contract release's drop can
// be gated on it. Reports only: moving rows is the operator's decision.
await runWithDatabase('db:check-split', async (handle) => {
  if (!getEnv().logDatabaseUrl) {
    console.log('db:check-split: LOG_DATABASE_URL is not set; every table lives in the main database');
    return;
  }
  const logHandle = await getLogDbHandle();
  try {
    const lines = describeSplit(await checkSplit(handle, logHandle));
    for (const line of lines) console.log(`db:check-split: ${line}`);
    if (lines.length) process.exitCode = 1;
    else
      console.log(`db:check-split: ${handle.target} and ${logHandle.target} each hold rows only in their own tables`);
  } finally {
    await logHandle.close();
  }
});
