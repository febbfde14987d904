import { openDatabase } from '../db/client';
import { runRollup } from '../db/queries/observability-rollup';
import { rollupCounts, rollupSketches } from '../db/queries/observability';
import { filterOf, getOperations, getOverview } from '../lib/observability/dashboard-data';
import { parseDashboardParams } from '../lib/observability/range';
const handle = await openDatabase({ driver: 'pg', url: 'postgres://postgres@127.0.0.1:5432/dash2_scratch' });
if (process.env.ROLLUP) { console.log(await runRollup(handle.db)); await handle.query('analyze'); }
const p = parseDashboardParams({ range: '30d' });
const f = filterOf(p, true);
const time = async (name: string, fn: () => Promise<unknown>) => { const xs: number[] = []; for (let i = 0; i < 15; i++) { const t = performance.now(); await fn(); xs.push(performance.now() - t); } xs.sort((a, b) => a - b); console.log(name, xs[7]!.toFixed(1), xs[13]!.toFixed(1)); };
await time('counts op', () => rollupCounts(handle.db, f, 'operation', true));
await time('sketches op', () => rollupSketches(handle.db, f, 'operation', true));
await time('sketch rows raw', () => handle.query(`select bucket, operation_type, bins, counts from oplog_rollup_sketches where grain='day' and proxy='*' and operation_type <> '*' and bucket >= $1`, [f.from.toISOString()]));
await time('getOperations', () => getOperations(handle.db, p));
await time('getOverview', () => getOverview(handle.db, p));
console.log((await handle.query(`select avg(array_length(bins,1)) from oplog_rollup_sketches where grain='day'`)));
await handle.close();
