import { getDb, getLogDbHandle } from '../../db/client';
import { runRollup } from '../../db/queries/observability-rollup';
import { takeGradeSnapshot } from '../../db/queries/observability';
import { expireReservations } from '../../db/queries/inventory-reservations';
import { applyRetention, ensurePartitions, planRetention } from '../../db/queries/oplog-maintenance';
import { expireIdempotencyKeys } from '../../db/queries/idempotency';
import { IDEMPOTENCY_TTL_HOURS } from './idempotency';
import { boot, describeStartupError } from './boot';
import { getOperationLogger } from './oplog';
import { onShutdown } from './shutdown';

const MAINTENANCE_EVERY_MS = 60 * 60 * 1000;

/**
 * On PGlite the database runs inside this process, one statement at a time, and a statement blocks the event
 * loop while it runs: a rollup step of 250k rows froze the whole server for seconds. So the embedded server
 * rolls up in ~60 ms steps (at least 200 rows) and, after each, pauses as long as the step took, so requests
 * that arrived meanwhile get the database and the event loop first.
 */
const EMBEDDED_ROLLUP = {
  stepMs: 60,
  stepRows: 1000,
  // As long as the step took (15-100 ms): requests that arrived during a step need several turns of the event
  // loop and several statements; a fixed 25 ms pause left 7% of probes waiting over 250 ms (worst 1.2 s).
  pause: (took: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(15, Math.min(took, 100)))),
};
const ROLLUP_EVERY_MS = 60 * 1000;

/**
 * Rolls up op-log rows added since the last run (dashboards read the rollups) and records this hour's grade
 * snapshot (the Sessions trend); both idempotent, so safe every minute.
 */
export async function runDashboardRollup(log: (line: string) => void = console.log): Promise<void> {
  const { db, driver } = await getLogDbHandle();
  const r = await runRollup(db, driver === 'pglite' ? EMBEDDED_ROLLUP : {});
  await takeGradeSnapshot(db);
  if (r.rows > 1000) log(`bobbin: dashboards: rolled up ${r.rows} op-log row(s) in ${Math.round(r.ms)} ms`);
}

const EXPIRE_RESERVATIONS_EVERY_MS = 60 * 1000;

/** Releases expired storefront reservations (also `npm run inventory:expire`). */
export async function runReservationExpiry(log: (line: string) => void = console.log): Promise<void> {
  const n = await expireReservations(await getDb());
  if (n) log(`bobbin: released ${n} expired reservation(s)`);
}

/**
 * Creates next months' op-log partitions, applies retention and deletes expired ingest idempotency keys;
 * idempotent, so running it hourly is safe.
 */
export async function runOplogMaintenance(log: (line: string) => void = console.log): Promise<void> {
  const { db } = await getLogDbHandle();
  const created = await ensurePartitions(db, { back: 1, ahead: 3 });
  const steps = await planRetention(db);
  await applyRetention(db, steps);
  const keys = await expireIdempotencyKeys(db, IDEMPOTENCY_TTL_HOURS);
  if (created || steps.length || keys) log(`bobbin: op-log maintenance: ${created} partition(s) created, ${steps.length} retention step(s), ${keys} expired idempotency key(s) deleted`);
}

/** Called once by instrumentation.ts in the Node runtime: boot, or exit with one clear line. */
export async function startServer(): Promise<void> {
  try {
    const handle = await boot();
    const logger = getOperationLogger();
    await runOplogMaintenance();
    const timer = setInterval(() => {
      runOplogMaintenance().catch((err) => console.error(`bobbin: op-log maintenance failed: ${(err as Error).message}`));
    }, MAINTENANCE_EVERY_MS);
    timer.unref();
    // The first run also rolls up rows seeded or written while the server was down. It runs in the background
    // (start-up does not wait for it; dashboards show what is rolled up so far) and one run at a time.
    let rolling = false;
    const rollup = () => {
      if (rolling) return;
      rolling = true;
      runDashboardRollup()
        .catch((err) => console.error(`bobbin: dashboard rollup failed: ${(err as Error).message}`))
        .finally(() => (rolling = false));
    };
    rollup();
    const rollupTimer = setInterval(rollup, ROLLUP_EVERY_MS);
    rollupTimer.unref();

    const expiry = setInterval(() => {
      runReservationExpiry().catch((err) => console.error(`bobbin: reservation expiry failed: ${(err as Error).message}`));
    }, EXPIRE_RESERVATIONS_EVERY_MS);
    expiry.unref();
    // Order matters: flush buffered op-log entries while the pool is still open, then close it.
    onShutdown('op-log flush', () => logger.shutdown(10_000));
    onShutdown('database', async () => {
      const logHandle = await getLogDbHandle();
      if (logHandle !== handle) await logHandle.close();
      await handle.close();
    });
  } catch (err) {
    console.error(`bobbin: ${describeStartupError(err)}`);
    process.exit(1);
  }
}
