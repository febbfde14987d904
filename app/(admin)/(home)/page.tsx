import type { Metadata } from 'next';
import Link from 'next/link';
import { AuditList } from '@/components/audit/audit-list';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { listAudit } from '@/db/queries/audit';
import { countStaffByRole } from '@/db/queries/staff';
import { gradeDistribution, listFailingUsers } from '@/db/queries/support';
import { countLowStock } from '@/db/queries/inventory-read';
import { can } from '@/lib/permissions';
import { getLogDb } from '@/db/client';
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLE_PLURALS, ROLES } from '@/lib/roles';
import { requirePermission } from '@/lib/server/page-guard';
import { FailingUsersCard } from './failing-users-card';

const WEEK_MS = 7 * 86_400_000;

export const metadata: Metadata = { title: 'Home' };

/** Each role's start page; later modules add their summaries (stock alerts, failing users, dashboards) here. */
export default async function HomePage() {
  const user = await requirePermission('home.read', '/');
  const db = await getDb();
  // Each summary is shown to the roles holding the capability of the page it summarises.
  const isAdmin = can(user.role, 'staff.manage');
  const seesAllActivity = can(user.role, 'audit.read');
  const seesSupport = can(user.role, 'support.read');
  const keepsStock = can(user.role, 'inventory.manage');
  // Support works from the failing-users list: Home leads with its top entries.
  const leadsWithFailing = user.role === 'support';
  const [activity, staffCounts, grades, lowStock, failing] = await Promise.all([
    listAudit(db, seesAllActivity ? { limit: 8 } : { actorId: user.id, limit: 8 }),
    isAdmin ? countStaffByRole(db) : Promise.resolve([]),
    seesSupport ? getLogDb().then(gradeDistribution) : Promise.resolve(null),
    keepsStock ? countLowStock(db) : Promise.resolve(null),
    leadsWithFailing
      ? getLogDb().then((logDb) => listFailingUsers(logDb, { since: new Date(Date.now() - WEEK_MS), pageSize: 10 }))
      : Promise.resolve(null),
  ]);
  const firstName = user.name.split(' ')[0];

  return (
    <>
      <PageHeader
        title={`Hello, ${firstName}`}
        description={`${ROLE_LABELS[user.role]} · ${ROLE_DESCRIPTIONS[user.role]}`}
      />
      {failing && <FailingUsersCard rows={failing.rows} total={failing.total} />}
      {isAdmin && (
        <div className="mb-6 grid gap-4 sm:grid-cols-3" data-testid="staff-summary">
          {ROLES.map((role) => {
            const active = staffCounts.find((c) => c.role === role && c.active)?.n ?? 0;
            const inactive = staffCounts.find((c) => c.role === role && !c.active)?.n ?? 0;
            return (
              <Card key={role} className="p-4">
                <p className="text-sm text-zinc-500 dark:text-zinc-400">{ROLE_PLURALS[role]}</p>
                <p className="mt-1 text-3xl font-semibold tabular-nums">{active}</p>
                <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
                  {inactive ? `${inactive} deactivated` : 'all active'}
                </p>
              </Card>
            );
          })}
        </div>
      )}
      {lowStock !== null && (
        <Card className="mb-6 p-5">
          <div className="flex items-baseline justify-between">
            <h2 className="text-base font-semibold">Low stock</h2>
            <Link
              href="/inventory/low-stock"
              className="text-sm font-medium text-brand-600 hover:underline dark:text-brand-100"
            >
              See the list
            </Link>
          </div>
          <p className="mt-2 text-3xl font-semibold tabular-nums" data-testid="low-stock-count">
            {lowStock.toLocaleString('en')}
          </p>
          <p className="text-xs text-zinc-600 dark:text-zinc-400">SKU × location at or below the reorder point</p>
        </Card>
      )}
      {grades && (
        <Card className="mb-6 p-5">
          <div className="flex items-baseline justify-between">
            <h2 className="text-base font-semibold">Platform session stability</h2>
            <Link href="/support" className="text-sm font-medium text-brand-600 hover:underline dark:text-brand-100">
              Failing users
            </Link>
          </div>
          <div className="mt-3 grid gap-3 sm:grid-cols-3" data-testid="grade-summary">
            {(['CRITICAL', 'UNSTABLE', 'STABLE'] as const).map((g) => (
              <Link
                key={g}
                href={`/support?grade=${g}`}
                className="rounded-md border border-zinc-200 p-3 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-800/50"
              >
                <p
                  className={`text-xs font-semibold ${g === 'CRITICAL' ? 'text-red-700 dark:text-red-400' : g === 'UNSTABLE' ? 'text-amber-700 dark:text-amber-400' : 'text-emerald-700 dark:text-emerald-400'}`}
                >
                  {g}
                </p>
                <p className="mt-1 text-2xl font-semibold tabular-nums">{grades[g].toLocaleString('en')}</p>
                <p className="text-xs text-zinc-600 dark:text-zinc-400">user accounts</p>
              </Link>
            ))}
          </div>
        </Card>
      )}
      <Card className="p-5">
        <div className="flex items-baseline justify-between">
          <h2 className="text-base font-semibold">{isAdmin ? 'Recent changes' : 'Your recent changes'}</h2>
          {isAdmin && (
            <Link href="/audit" className="text-sm font-medium text-brand-600 hover:underline dark:text-brand-100">
              Full audit log
            </Link>
          )}
        </div>
        <AuditList rows={activity} />
      </Card>
    </>
  );
}
