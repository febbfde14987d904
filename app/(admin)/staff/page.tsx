import type { Metadata } from 'next';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { DataTable, toSearchParams, type Column } from '@/components/data-table/data-table';
import { Pager } from '@/components/ui/pager';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { countLiveSessions } from '@/db/queries/sessions';
import { listStaff } from '@/db/queries/staff';
import { formatDateTime, formatRelative } from '@/lib/format';
import { requirePermission } from '@/lib/server/page-guard';
import { CreateStaffPanel } from './create-staff-panel';
import { staffList } from '@/lib/lists/staff';
import { keepFields } from '@/lib/url-state';
import { StaffFilters } from './staff-filters';
import { StaffRowActions } from './staff-row-actions';
import { loadListViews } from '@/lib/server/views';
import { ListViewsMenu } from '../views/list-views';

export const metadata: Metadata = { title: 'Staff' };

export default async function StaffPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission('staff.manage', '/staff');
  const raw = await searchParams;
  const state = staffList.parse(raw);
  const views = await loadListViews('staff', me, raw, state);
  const search = state.filters;
  const db = await getDb();
  const { rows, total, page, pageSize } = await listStaff(db, { ...search, sort: state.sort, page: state.paging.page });
  const sessions = await countLiveSessions(
    db,
    rows.map((r) => r.id),
  );
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const filtered = Boolean(search.q || search.role || search.status);
  const columns: Column<(typeof rows)[number]>[] = [
    {
      key: 'name',
      label: 'Name',
      sortable: true,
      cell: (u) => (
        <>
          <p className="font-medium">
            {u.name}{' '}
            {u.id === me.id && <span className="text-xs font-normal text-zinc-600 dark:text-zinc-400">(you)</span>}
          </p>
          <p className="text-zinc-600 dark:text-zinc-400">{u.email}</p>
        </>
      ),
    },
    {
      key: 'status',
      label: 'Status',
      cell: (u) => (
        <div className="space-y-1" data-testid={`staff-status-${u.email}`}>
          <p>{u.active ? <Badge tone="green">Active</Badge> : <Badge tone="neutral">Deactivated</Badge>}</p>
          {u.lockedUntil && (
            <p>
              <Badge tone="red">Locked until {formatDateTime(u.lockedUntil)}</Badge>
            </p>
          )}
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            {sessions.get(u.id) ?? 0} signed-in session{sessions.get(u.id) === 1 ? '' : 's'}
          </p>
        </div>
      ),
    },
    {
      key: 'lastLogin',
      label: 'Last sign-in',
      className: 'text-zinc-600 dark:text-zinc-400',
      cell: (u) => <span title={formatDateTime(u.lastLoginAt)}>{formatRelative(u.lastLoginAt)}</span>,
    },
    {
      key: 'access',
      label: 'Role and access',
      cell: (u) => (
        <StaffRowActions
          user={{
            id: u.id,
            name: u.name,
            role: u.role,
            active: u.active,
            version: u.version,
            locked: u.lockedUntil !== null,
            sessions: sessions.get(u.id) ?? 0,
          }}
          isSelf={u.id === me.id}
        />
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Staff"
        description="Who can sign in, and with which role. Every change here is recorded in the audit log."
        actions={
          <a href={`/api/staff${staffList.query(state)}`} className={buttonClass('secondary')} data-testid="staff-csv">
            Export CSV
          </a>
        }
      />
      <ListViewsMenu views={views} />
      <CreateStaffPanel />
      <StaffFilters search={search} keep={keepFields(staffList, state)} />
      <DataTable
        label="Staff"
        testId="staff-table"
        columns={columns}
        visible={state.columns}
        required={staffList.required}
        rows={rows}
        rowKey={(u) => u.id}
        rowTestId={(u) => `staff-row-${u.email}`}
        sort={state.sort}
        sortHref={(sort) => staffList.href(state, { sort })}
        params={toSearchParams(raw)}
        empty={
          filtered
            ? {
                title: 'No staff match these filters',
                body: 'Try a shorter search or another role.',
                action: (
                  <Link className={buttonClass('secondary')} href="/staff">
                    Clear filters
                  </Link>
                ),
              }
            : { title: 'No staff yet', body: 'Add the first staff member with the button above.' }
        }
        toolbar={`${total} staff member${total === 1 ? '' : 's'}${filtered ? ' match' : ''}`}
      />
      <div className="mt-3 flex justify-end text-sm">
        <Pager page={page} pages={pages} href={(p) => staffList.href(state, {}, { page: p })} />
      </div>
    </>
  );
}
