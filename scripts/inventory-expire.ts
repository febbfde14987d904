import { migrateDatabase } from '../db/migrate';
import { expireReservations } from '../db/queries/inventory-reservations';
import { runWithDatabase } from './cli';

/** Releases reservations past their expiry (the server also does this every minute). */
await runWithDatabase('inventory:expire', async (handle) => {
  await migrateDatabase(handle);
  const n = await expireReservations(handle.db);
  console.log(`inventory:expire: released ${n} expired reservation(s)`);
});
