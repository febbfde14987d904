import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../client';
import { col, decodeRows } from '../codec';

/**
 * Takes the named lease for `ttlMs` if it is free, expired, or already ours. One statement: two processes
 * asking at once serialise on the row (or on its key when it does not exist yet), and exactly one wins.
 */
export async function acquireLease(db: Db, name: string, holder: string, ttlMs: number): Promise<boolean> {
  const rows = rowsOf<{ holder: string }>(
    await db.execute(sql`
      insert into job_leases (name, holder, expires_at) values (${name}, ${holder}, now() + make_interval(secs => ${ttlMs / 1000}::float8))
      on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at, acquired_at = now()
       where job_leases.expires_at < now() or job_leases.holder = excluded.holder
      returning holder`),
  );
  return rows.length === 1;
}

/** Extends a lease we hold; false when it was lost (it expired and another process took it). */
export async function renewLease(db: Db, name: string, holder: string, ttlMs: number): Promise<boolean> {
  const rows = rowsOf<{ name: string }>(
    await db.execute(sql`
      update job_leases set expires_at = now() + make_interval(secs => ${ttlMs / 1000}::float8)
       where name = ${name} and holder = ${holder}
      returning name`),
  );
  return rows.length === 1;
}

/** Gives a lease back at once (the next run, anywhere, need not wait for it to expire). */
export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.execute(sql`delete from job_leases where name = ${name} and holder = ${holder}`);
}

/** Who holds the named lease, and until when (null when free or expired). */
export async function currentLease(db: Db, name: string): Promise<{ holder: string; expiresAt: Date } | null> {
  const [row] = decodeRows(
    { holder: col.text, expires_at: col.instant },
    await db.execute(sql`select holder, expires_at from job_leases where name = ${name} and expires_at >= now()`),
  );
  return row ? { holder: row.holder, expiresAt: row.expires_at } : null;
}
