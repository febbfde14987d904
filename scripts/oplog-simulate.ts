import { z } from 'zod';
import { migrateDatabases } from '../db/migrate';
import { simulateTraffic } from '../db/simulate-traffic';
import { asLogHandle, getLogDbHandle, setDbHandle } from '../db/client';
import { parseArgs, runWithDatabase } from './cli';
import { getEnv } from '../lib/env';

const args = z
  .object({
    rows: z.coerce.number().int().min(1).max(100_000_000).default(100_000),
    days: z.coerce.number().int().min(1).max(730).default(30),
    seed: z.coerce.number().int().default(42),
  })
  .safeParse(parseArgs(process.argv.slice(2)));
if (!args.success) {
  console.error(
    `oplog:simulate: ${String(args.error.issues[0]!.path[0])} ${args.error.issues[0]!.message}\nusage: npm run oplog:simulate -- --rows 1000000 --days 30 [--seed 42]`,
  );
  process.exit(1);
}

await runWithDatabase('oplog:simulate', async (handle) => {
  setDbHandle(handle);
  const logHandle = getEnv().logDatabaseUrl ? await getLogDbHandle() : asLogHandle(handle);
  await migrateDatabases(handle, logHandle);
  const { rows, days, seed } = args.data;
  let last = 0;
  const result = await simulateTraffic(logHandle, {
    rows,
    days,
    seed,
    onProgress: (done) => {
      if (done - last >= 200_000) {
        last = done;
        console.log(`oplog:simulate: ${done.toLocaleString('en')} rows…`);
      }
    },
  });
  console.log(
    `oplog:simulate: ${result.rows.toLocaleString('en')} rows over ${days} days, ${result.users} users, ${result.profiles} profiles, ${result.reviews} reviews in ${(result.ms / 1000).toFixed(1)} s (${Math.round(result.rows / (result.ms / 1000)).toLocaleString('en')} rows/s) on ${logHandle.target}`,
  );
  if (logHandle !== handle) await logHandle.close();
});
