import { and, gt, inArray, max, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { loginThrottle } from '../schema';
import type { ThrottlePolicy } from '../../lib/throttle';

/** The latest lock among `keys` still in force, or null. */
export async function activeLock(db: Db, keys: string[]): Promise<Date | null> {
  const [row] = await db
    .select({ until: max(loginThrottle.lockedUntil) })
    .from(loginThrottle)
    .where(and(inArray(loginThrottle.key, keys), gt(loginThrottle.lockedUntil, sql`now()`)));
  return row?.until ?? null;
}

/**
 * Counts one failure for `key` in a single statement (concurrent failures all count): a window older than
 * the policy's restarts at 1; reaching the maximum sets a lock.
 */
export async function recordFailure(db: Db, key: string, policy: ThrottlePolicy): Promise<void> {
  const window = sql.raw(`interval '${policy.windowMinutes} minutes'`);
  const lock = sql.raw(`interval '${policy.lockMinutes} minutes'`);
  await db.execute(sql`
    insert into login_throttle as t (key, failures, window_started_at, locked_until)
    values (${key}, 1, now(), ${policy.maxFailures <= 1 ? sql`now() + ${lock}` : sql`null`})
    on conflict (key) do update set
      failures = case when t.window_started_at < now() - ${window} then 1 else t.failures + 1 end,
      window_started_at = case when t.window_started_at < now() - ${window} then now() else t.window_started_at end,
      locked_until = case
        when (case when t.window_started_at < now() - ${window} then 1 else t.failures + 1 end) >= ${policy.maxFailures}
        then now() + ${lock} else t.locked_until end`);
}

export async function clearFailures(db: Db, keys: string[]): Promise<void> {
  await db.delete(loginThrottle).where(inArray(loginThrottle.key, keys));
}
