import { mainJournals, migrateDatabase } from '../db/migrate';
import { verifyLedger } from '../db/queries/inventory-ops';
import { runWithDatabase } from './cli';

/** Checks that every stock level equals the sum of its movements; prints any drift and exits 1 if there is some. */
await runWithDatabase('inventory:verify', async (handle) => {
  await migrateDatabase(handle, mainJournals());
  const started = performance.now();
  const result = await verifyLedger(handle.db);
  const ms = Math.round(performance.now() - started);
  console.log(`inventory:verify: ${result.levels} level(s), ${result.movements} movement(s) checked in ${ms} ms`);
  if (result.drift.length === 0) {
    console.log('inventory:verify: OK, every level equals the sum of its movements');
    return;
  }
  console.log(`inventory:verify: DRIFT at ${result.drift.length} level(s):`);
  for (const d of result.drift) {
    console.log(
      `  ${d.sku} @ ${d.location}: on hand ${d.on_hand} (movements say ${d.sum_on_hand}), reserved ${d.reserved} (movements say ${d.sum_reserved})`,
    );
  }
  process.exitCode = 1;
});
