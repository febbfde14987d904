import { sql } from 'drizzle-orm';
import { activeLock } from '../db/queries/throttle';
import { findUserByEmail, listStaff } from '../db/queries/staff';
import { hashPassword, verifyPassword } from '../lib/server/password';
import { benchDatabase, measure } from './harness';

/** Sign-in building blocks: the password check dominates by design; the queries around it must not. */
export async function run() {
  const hash = await hashPassword('bobbin-bench-password');
  await measure('auth.argon2id_verify', () => verifyPassword(hash, 'bobbin-bench-password'), { iterations: 30 });

  const { handle, label, drop } = await benchDatabase();
  try {
    const staff = 2000;
    // Bulk-insert staff rows directly: hashing 2,000 passwords would measure argon2 again, not the queries.
    await handle.db.execute(sql`
      insert into users (email, name, role, password_hash)
      select 'staff' || g || '@bench.test', 'Staff ' || g,
             (array['admin','merchandiser','support'])[1 + g % 3]::staff_role, ${hash}
      from generate_series(1, ${staff}) g`);
    await handle.db.execute(sql`analyze users`);
    const size = { database: label, staff };
    await measure('staff.find_by_email', () => findUserByEmail(handle.db, 'STAFF1234@bench.test'), { size });
    await measure('auth.throttle_check', () => activeLock(handle.db, ['email:staff1234@bench.test', 'ip:127.0.0.1']), {
      size,
    });
    await measure('staff.list_search_page', () => listStaff(handle.db, { q: 'staff12', role: 'support', page: 1 }), {
      size,
    });
  } finally {
    await drop();
  }
}
