import { mainJournals, migrateDatabase } from '../db/migrate';
import { verifyLedger } from '../db/queries/inventory-ops';
import { verifyValuation } from '../db/queries/inventory-valuation';
import { runWithDatabase } from './cli';

/**
 * Checks that every stock level equals the sum of its movements, and that the value rebuilds from them too (each
 * SKU's moving average replayed from its receipts; the value now equals the ledger's). Prints drift, exits 1 on any.
 */
await runWithDatabase('inventory:verify', async (handle) => {
  await migrateDatabase(handle, mainJournals());
  const started = performance.now();
  const result = await verifyLedger(handle.db);
  const value = await verifyValuation(handle.db);
  const ms = Math.round(performance.now() - started);
  console.log(
    `inventory:verify: ${result.levels} level(s), ${result.movements} movement(s), ${value.receipts} costed receipt(s) checked in ${ms} ms`,
  );
  const valueOk = value.drift.length === 0 && value.valueNow === value.valueFromLedger;
  if (result.drift.length === 0 && valueOk) {
    console.log('inventory:verify: OK, every level equals the sum of its movements');
    console.log(
      `inventory:verify: OK, every average replays from the receipts; value ${value.valueNow} cents both ways`,
    );
    return;
  }
  if (!valueOk) {
    console.log(
      `inventory:verify: VALUE DRIFT: value now ${value.valueNow} cents, from the ledger ${value.valueFromLedger} cents`,
    );
    for (const d of value.drift)
      console.log(
        `  ${d.sku}${d.movementId === null ? ' (current average)' : ` movement #${d.movementId}`}: stored ${d.stored}, replayed ${d.replayed}`,
      );
  }
  if (result.drift.length === 0) {
    process.exitCode = 1;
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
