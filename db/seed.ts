import { count } from 'drizzle-orm';
import type { Db, DbHandle, LogDbHandle } from './client';
import { platformUserProfiles, users } from './schema';
import { simulateTraffic } from './simulate-traffic';
import { backfillGradeSnapshots } from './queries/observability';
import { createStaff, setStaffActive } from './queries/staff';
import { SYSTEM_ACTOR } from './queries/audit';
import { DEMO_LOGINS } from './demo';
import { seedDemoCatalog } from './seed-catalog';
import { seedDemoInventory } from './seed-inventory';
import { seedDemoSurveys } from './seed-surveys';

/** Extra staff so the staff page is not empty on first look. */
const DEMO_EXTRA = [
  { email: 'lena.weber@bobbin.test', name: 'Lena Weber', role: 'merchandiser' as const },
  { email: 'tomas.ruiz@bobbin.test', name: 'Tomás Ruiz', role: 'support' as const },
  { email: 'former.intern@bobbin.test', name: 'Former Intern', role: 'support' as const, inactive: true },
];

/** Demo op-log traffic: two weeks of a small brand's platform tooling, with some users failing badly. */
export async function seedDemoOplog(handle: LogDbHandle): Promise<void> {
  const [row] = await handle.db.select({ n: count() }).from(platformUserProfiles);
  if ((row?.n ?? 0) > 0) return;
  const now = new Date();
  await simulateTraffic(handle, { rows: 40_000, days: 14, users: 60, seed: 7, now });
  // The Sessions trend for the simulated fortnight (profiles alone hold only the current state); the rollup
  // job records the hours from now on.
  const hour = Math.floor(now.getTime() / 3_600_000) * 3_600_000;
  await backfillGradeSnapshots(handle.db, { from: new Date(hour - 14 * 86_400_000), to: new Date(hour) });
}

/** Seeds demo data when the database has no staff yet. Returns whether it seeded. Idempotent. */
export async function seedDemo(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users);
  if ((row?.n ?? 0) > 0) return false;
  for (const login of DEMO_LOGINS) {
    await createStaff(db, SYSTEM_ACTOR, {
      email: login.email,
      name: login.name,
      role: login.role,
      password: login.password,
    });
  }
  for (const extra of DEMO_EXTRA) {
    const created = await createStaff(db, SYSTEM_ACTOR, {
      email: extra.email,
      name: extra.name,
      role: extra.role,
      password: `${extra.email}-not-a-demo-login`,
    });
    if ('inactive' in extra)
      await setStaffActive(db, SYSTEM_ACTOR, { id: created.id, version: created.version, active: false });
  }
  await seedDemoCatalog(db);
  await seedDemoInventory(db);
  await seedDemoSurveys(db);
  return true;
}
