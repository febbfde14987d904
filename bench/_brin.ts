import { benchDatabase } from './harness';
import { simulateTrafficSql } from '../lib/oplog/simulate-sql';
import { runRollup } from '../db/queries/observability-rollup';
import { getAlerts, getOperations, getOverview } from '../lib/observability/dashboard-data';
import { parseDashboardParams } from '../lib/observability/range';
const { handle, drop } = await benchDatabase();
try {
  const now = new Date();
  await simulateTrafficSql(handle, { rows: Number(process.env.ROWS), days: 30, now, users: 5000 });
  await handle.query('analyze operation_logs');
  let t = Date.now();
  console.log('initial', (await runRollup(handle.db)).ms);
  for (let i = 0; i < 2; i++) {
    await simulateTrafficSql(handle, { rows: 100_000, days: 1, now, users: 5000 });
    console.log('incr plain', (await runRollup(handle.db)).ms);
    await simulateTrafficSql(handle, { rows: 100_000, days: 1, now, users: 5000 });
    t = performance.now();
    const s = await handle.query(`select sum(brin_summarize_new_values(relid)) as n from pg_partition_tree('operation_logs_id_brin') where isleaf`);
    console.log('summarize', performance.now() - t, s);
    console.log('incr after summarize', (await runRollup(handle.db)).ms);
  }
  const p = parseDashboardParams({ range: '30d' }, now);
  for (const [name, fn] of [['alerts', () => getAlerts(handle.db, p)], ['overview', () => getOverview(handle.db, p)], ['ops', () => getOperations(handle.db, p)]] as const) {
    const xs: number[] = [];
    for (let i = 0; i < 8; i++) { const a = performance.now(); await fn(); xs.push(performance.now() - a); }
    xs.sort((a, b) => a - b); console.log(name, xs[4]!.toFixed(1));
  }
} finally { await drop(); }
