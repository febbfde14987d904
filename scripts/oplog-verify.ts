import { migrateDatabases } from '../db/migrate';
import { verifyRollups } from '../db/queries/observability-rollup';
import { asLogHandle, getLogDbHandle, setDbHandle } from '../db/client';
import { getEnv } from '../lib/env';
import { parseArgs, runWithDatabase, ScriptError } from './cli';

// npm run oplog:verify                                    the last 7 days (whole UTC hours up to now)
// npm run oplog:verify -- --from 2026-01-01 --to 2026-02-01
// Raw op-log counts per hour (rows the rollup job has counted) against every rollup of that hour; prints each
// hour that differs and exits 1 on any drift.
const args = parseArgs(process.argv.slice(2));
const HOUR = 3_600_000;

await runWithDatabase('oplog:verify', async (handle) => {
  setDbHandle(handle);
  const logHandle = getEnv().logDatabaseUrl ? await getLogDbHandle() : asLogHandle(handle);
  await migrateDatabases(handle, logHandle);
  const to = args.to ? new Date(args.to) : new Date(Math.ceil(Date.now() / HOUR) * HOUR);
  const from = args.from ? new Date(args.from) : new Date(to.getTime() - 7 * 24 * HOUR);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || to <= from)
    throw new ScriptError('--from and --to must be dates or ISO times, from before to');
  const r = await verifyRollups(logHandle.db, { from, to });
  console.log(
    `oplog:verify: ${from.toISOString()} – ${to.toISOString()}: ${r.rawRows} counted row(s) in ${r.hours} hour(s) with data`,
  );
  for (const d of r.drift) {
    const parts = Object.entries(d.rollups).map(([k, n]) => `${k} ${n} (${n - d.raw >= 0 ? '+' : ''}${n - d.raw})`);
    console.log(`  DRIFT ${d.hour.toISOString()}: raw ${d.raw}; ${parts.join(', ')}`);
  }
  console.log(r.drift.length ? `oplog:verify: ${r.drift.length} bucket(s) drift` : 'oplog:verify: no drift');
  if (r.drift.length) process.exitCode = 1;
  if (logHandle !== handle) await logHandle.close();
});
