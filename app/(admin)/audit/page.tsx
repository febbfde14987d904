import type { Metadata } from 'next';
import Link from 'next/link';
import { AuditChangeList, AuditSentence, type AuditListRow } from '@/components/audit/audit-list';
import { DataTable, toSearchParams, type Column } from '@/components/data-table/data-table';
import { FilterBar, SelectFilter } from '@/components/data-table/filter-bar';
import { buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { listAudit, listAuditActors } from '@/db/queries/audit';
import { AUDIT_ENTITIES, AUDIT_ENTITY_TYPES } from '@/lib/audit/entities';
import { formatDateTime, formatRelative } from '@/lib/format';
import { auditList } from '@/lib/lists/audit';
import { auditQueryOf } from '@/lib/server/lists/audit-query';
import { requirePermission } from '@/lib/server/page-guard';
import { loadListViews } from '@/lib/server/views';
import { keepFields } from '@/lib/url-state';
import { ListViewsMenu } from '../views/list-views';

export const metadata: Metadata = { title: 'Audit log' };

const PAGE = 50;

const ENTITY_OPTIONS = AUDIT_ENTITY_TYPES.map((t) => ({ value: t, label: AUDIT_ENTITIES[t].label }));

const columns: Column<AuditListRow>[] = [
  {
    key: 'when',
    label: 'When',
    sortable: true,
    className: 'whitespace-nowrap text-xs text-zinc-600 dark:text-zinc-400',
    cell: (r) => (
      <time dateTime={new Date(r.createdAt).toISOString()} title={formatDateTime(r.createdAt)}>
        {formatRelative(r.createdAt)}
      </time>
    ),
  },
  { key: 'change', label: 'Change', cell: (r) => <AuditSentence row={r} /> },
  { key: 'changes', label: 'Before → after', cell: (r) => <AuditChangeList changes={r.changes} /> },
];

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission('audit.read', '/audit');
  const raw = await searchParams;
  const state = auditList.parse(raw);
  const views = await loadListViews('audit', me, raw, state);
  const search = state.filters;
  const db = await getDb();
  const [rows, actors] = await Promise.all([
    listAudit(db, { ...auditQueryOf(state), limit: PAGE }),
    listAuditActors(db),
  ]);
  const next = rows.length === PAGE ? rows.at(-1)!.id : null;
  const filtered = Boolean(search.entity || search.actor || search.from || search.to);

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change to staff, catalog, stock, surveys and API keys: who, what, when, before → after."
        actions={
          <a href={`/api/audit${auditList.query(state)}`} className={buttonClass('secondary')} data-testid="audit-csv">
            Export CSV
          </a>
        }
      />
      <ListViewsMenu views={views} />
      <FilterBar label="Filter audit log" keep={keepFields(auditList, state)}>
        <SelectFilter
          label="Person"
          name="actor"
          value={search.actor}
          options={actors.map((a) => ({ value: a.id, label: `${a.name} (${a.email})` }))}
          anyLabel="Anyone"
        />
        <SelectFilter
          label="Entity"
          name="entity"
          value={search.entity}
          options={ENTITY_OPTIONS}
          anyLabel="Everything"
        />
        <label className="text-sm">
          <span className="mb-1 block font-medium">From</span>
          <input type="date" name="from" defaultValue={search.from ?? ''} className={inputClass} />
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium">To</span>
          <input type="date" name="to" defaultValue={search.to ?? ''} className={inputClass} />
        </label>
      </FilterBar>
      <DataTable
        label="Audit log"
        testId="audit-list"
        columns={columns}
        visible={state.columns}
        required={auditList.required}
        rows={rows}
        rowKey={(r) => r.id}
        sort={state.sort}
        sortHref={(sort) => auditList.href(state, { sort })}
        params={toSearchParams(raw)}
        empty={{
          title: 'No changes recorded yet',
          body: filtered
            ? 'Nothing matches these filters: widen the dates or choose anyone.'
            : 'Changes to staff, catalog and stock appear here with who made them and when.',
          action: filtered ? (
            <Link href="/audit?view=none" className={buttonClass('secondary')}>
              Clear filters
            </Link>
          ) : undefined,
        }}
        pager={{
          prev: state.paging.before ? auditList.href(state) : null,
          next: next ? auditList.href(state, {}, { before: next }) : null,
        }}
      />
    </>
  );
}
