import type pg from 'pg';
import { until } from './until';

/**
 * Waits until `n` backends of this test database wait on a lock (the calls under test are queued behind a
 * transaction `client` holds open). A call that settles first fails the wait at once with its outcome.
 */
export async function untilWaitingOnLock(client: pg.Client, n = 1, calls: Promise<unknown>[] = []) {
  let settled: string | null = null;
  for (const c of calls)
    c.then(
      () => (settled = 'a call finished without waiting'),
      (e: unknown) => (settled = `a call failed: ${String(e)}`),
    );
  await until(
    async () => {
      // The holder probes from inside its transaction, where statistics are a snapshot taken once: refresh it.
      await client.query('select pg_stat_clear_snapshot()');
      const { rows } = await client.query(
        `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      );
      return rows[0].n >= n ? true : undefined;
    },
    `${n} backend(s) waiting on the held lock`,
    { gaveUp: () => settled },
  );
}
