import { migrateDatabase, migrationState } from '../db/migrate';
import { runWithDatabase } from './cli';

await runWithDatabase('db:migrate', async (handle) => {
  const before = await migrationState(handle);
  await migrateDatabase(handle);
  const after = await migrationState(handle);
  console.log(
    `db:migrate: ${handle.driver} ${handle.target}: applied ${before.pending - after.pending}, now at ${after.applied}`,
  );
});
