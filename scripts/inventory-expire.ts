import { mainJournals, migrateDatabase } from '../db/migrate';
import { runJob } from '../lib/server/jobs';
import { runWithDatabase } from './cli';

/** Releases reservations past their expiry (the server also does this every minute): the reservation-expiry job, under its lease. */
await runWithDatabase('inventory:expire', async (handle) => {
  await migrateDatabase(handle, mainJournals());
  const r = await runJob('reservation-expiry', { handle });
  console.log(
    r.ran
      ? `inventory:expire: ${r.summary}`
      : `inventory:expire: another process is running the expiry job (${r.heldBy ?? 'lease just freed'}); nothing done`,
  );
});
