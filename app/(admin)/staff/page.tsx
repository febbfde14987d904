import type { Metadata } from 'next';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Pager } from '@/components/ui/pager';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { countLiveSessions } from '@/db/queries/sessions';
import { listStaff } from '@/db/queries/staff';
import { formatDateTime, formatRelative } from '@/lib/format';
import { requirePermission } from '@/lib/server/page-guard';
import { CreateStaffPanel } from './create-staff-panel';
import { parseStaffSearch, staffHref } from './search-params';
import { StaffFilters } from './staff-filters';
import { StaffRowActions } from './staff-row-actions';

export const metadata: Metadata = { title: 'Staff' };

export default async function StaffPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const me = await requirePermission('staff.manage', '/staff');
  const search = parseStaffSearch(await searchParams);
  const db = await getDb();
  const { rows, total, page, pageSize } = await listStaff(db, search);
  const sessions = await countLiveSessions(db, rows.map((r) => r.id));
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const filtered = Boolean(search.q || search.role || search.status);

  return (
    <>
      <PageHeader title="Staff" description="Who can sign in, and with which role. Every change here is recorded in the audit log." />
      <CreateStaffPanel />
      <StaffFilters search={search} />
      <Card className="overflow-hidden">
        {rows.length === 0 ? (
          <div className="p-6">
            {filtered ? (
              <EmptyState
                title="No staff match these filters"
                action={
                  <Link className={buttonClass('secondary')} href="/staff">
                    Clear filters
                  </Link>
                }
              >
                Try a shorter search or another role.
              </EmptyState>
            ) : (
              <EmptyState title="No staff yet">Add the first staff member with the button above.</EmptyState>
            )}
          </div>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="staff-table">
              <thead className="border-b border-zinc-200 bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900/60">
                <tr>
                  <th scope="col" className="px-4 py-2.5 font-medium">Name</th>
                  <th scope="col" className="px-4 py-2.5 font-medium">Status</th>
                  <th scope="col" className="px-4 py-2.5 font-medium">Last sign-in</th>
                  <th scope="col" className="px-4 py-2.5 font-medium">Role and access</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {rows.map((u) => (
                  <tr key={u.id} data-testid={`staff-row-${u.email}`} className="align-top">
                    <td className="px-4 py-3">
                      <p className="font-medium">
                        {u.name} {u.id === me.id && <span className="text-xs font-normal text-zinc-500">(you)</span>}
                      </p>
                      <p className="text-zinc-500 dark:text-zinc-400">{u.email}</p>
                    </td>
                    <td className="space-y-1 px-4 py-3" data-testid={`staff-status-${u.email}`}>
                      <p>{u.active ? <Badge tone="green">Active</Badge> : <Badge tone="neutral">Deactivated</Badge>}</p>
                      {u.lockedUntil && (
                        <p>
                          <Badge tone="red">Locked until {formatDateTime(u.lockedUntil)}</Badge>
                        </p>
                      )}
                      <p className="text-xs text-zinc-500 dark:text-zinc-400">
                        {sessions.get(u.id) ?? 0} signed-in session{sessions.get(u.id) === 1 ? '' : 's'}
                      </p>
                    </td>
                    <td className="px-4 py-3 text-zinc-600 dark:text-zinc-400" title={formatDateTime(u.lastLoginAt)}>
                      {formatRelative(u.lastLoginAt)}
                    </td>
                    <td className="px-4 py-3">
                      <StaffRowActions
                        user={{ id: u.id, name: u.name, role: u.role, active: u.active, version: u.version, locked: u.lockedUntil !== null, sessions: sessions.get(u.id) ?? 0 }}
                        isSelf={u.id === me.id}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="flex items-center justify-between border-t border-zinc-200 px-4 py-3 text-sm text-zinc-500 dark:border-zinc-800">
          <p>
            {total} staff member{total === 1 ? '' : 's'}
            {filtered ? ' match' : ''}
          </p>
          <Pager page={page} pages={pages} href={(p) => staffHref(search, { page: p })} />
        </div>
      </Card>
    </>
  );
}
