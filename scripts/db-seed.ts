import { asLogHandle, getLogDbHandle } from '../db/client';
import { formatDemoLogins } from '../db/demo';
import { getEnv } from '../lib/env';
import { mainJournals, migrateDatabase } from '../db/migrate';
import { seedDemo, seedDemoOplog } from '../db/seed';
import { runWithDatabase } from './cli';

await runWithDatabase('db:seed', async (handle) => {
  await migrateDatabase(handle, mainJournals());
  const seeded = await seedDemo(handle.db);
  if (seeded) await seedDemoOplog(getEnv().logDatabaseUrl ? await getLogDbHandle() : asLogHandle(handle));
  console.log(
    seeded ? `db:seed: seeded demo data into ${handle.target}` : 'db:seed: staff already exist; nothing seeded',
  );
  if (seeded) console.log(formatDemoLogins());
});
