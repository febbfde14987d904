import { asLogHandle, getLogDbHandle } from '../db/client';
import { migrateDatabases, migrationState, type JournalName } from '../db/migrate';
import { getEnv } from '../lib/env';
import { runWithDatabase } from './cli';

// npm run db:migrate: the main journal to DATABASE_URL (or the PGlite dir) and the log journal to LOG_DATABASE_URL,
// or both journals to the main database when it is unset (docs/adr/0011-log-database.md).
await runWithDatabase('db:migrate', async (handle) => {
  const logHandle = getEnv().logDatabaseUrl ? await getLogDbHandle() : asLogHandle(handle);
  try {
    const sides: [JournalName, typeof handle][] = [
      ['main', handle],
      ['log', logHandle],
    ];
    const before = await Promise.all(sides.map(([j, h]) => migrationState(h, j)));
    await migrateDatabases(handle, logHandle);
    for (const [i, [journal, h]] of sides.entries()) {
      const after = await migrationState(h, journal);
      console.log(
        `db:migrate: ${journal} journal → ${h.driver} ${h.target}: applied ${before[i]!.pending - after.pending}, now at ${after.applied}`,
      );
    }
  } finally {
    if (logHandle !== handle) await logHandle.close();
  }
});
