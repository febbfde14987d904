import type { Metadata } from 'next';
import { toSearchParams } from '@/components/data-table/data-table';
import { buttonClass } from '@/components/ui/button';
import { inputClass, RecordSelect } from '@/components/ui/field';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { listLocations } from '@/db/queries/inventory-ops';
import { findSku, listMovements } from '@/db/queries/inventory-read';
import { MOVEMENT_KIND_LABELS, MOVEMENT_KINDS } from '@/lib/inventory/constants';
import { movementList } from '@/lib/lists/inventory';
import { movementQueryOf } from '@/lib/server/lists/inventory-query';
import { requirePermission } from '@/lib/server/page-guard';
import { keepFields } from '@/lib/url-state';
import { FilterBar } from '@/components/data-table/filter-bar';
import { MovementList } from '../movement-list';
import { loadListViews } from '@/lib/server/views';
import { ListViewsMenu } from '../../views/list-views';

export const metadata: Metadata = { title: 'Stock movements' };
const PAGE = 50;

export default async function MovementsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission('inventory.manage', '/inventory/movements');
  const raw = await searchParams;
  const state = movementList.parse(raw);
  const views = await loadListViews('inventory.movements', me, raw, state);
  const { filters } = state;
  const db = await getDb();
  const [locations, sku] = await Promise.all([listLocations(db), filters.sku ? findSku(db, filters.sku) : null]);
  const unknownSku = filters.sku !== undefined && !sku;
  const rows = unknownSku
    ? []
    : await listMovements(db, { ...movementQueryOf(state), variantId: sku?.id, limit: PAGE });
  const oldest = state.sort.dir === 'asc';
  return (
    <>
      <PageHeader
        title="Stock movements"
        description="The ledger: every change to stock, newest first. Rows are never edited; an undo is a new, opposite movement."
        actions={
          <a
            href={`/api/inventory/movements${movementList.query(state)}`}
            className={buttonClass('secondary')}
            data-testid="movements-csv"
          >
            Export CSV
          </a>
        }
      />
      <ListViewsMenu views={views} />
      <FilterBar label="Filter movements" keep={keepFields(movementList, state)}>
        <label className="text-sm">
          <span className="mb-1 block font-medium">SKU</span>
          <input name="sku" defaultValue={filters.sku ?? ''} className={inputClass} />
        </label>
        <RecordSelect
          label="Location"
          name="location"
          records={locations}
          allLabel="All locations"
          defaultValue={filters.location ?? ''}
        />
        <label className="text-sm">
          <span className="mb-1 block font-medium">Kind</span>
          <select aria-label="Kind" name="kind" defaultValue={filters.kind ?? ''} className={inputClass}>
            <option value="">All kinds</option>
            {MOVEMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {MOVEMENT_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
      </FilterBar>
      <MovementList
        rows={rows}
        now={new Date()}
        visible={state.columns}
        required={movementList.required}
        sort={state.sort}
        sortHref={(sort) => movementList.href(state, { sort })}
        params={toSearchParams(raw)}
        pager={{
          next: rows.length === PAGE ? movementList.href(state, {}, { before: rows[rows.length - 1]!.id }) : null,
          label: oldest ? 'Oldest first' : 'Newest first',
        }}
        {...(unknownSku ? { empty: { title: `No SKU ${filters.sku}`, body: 'Change the filters.' } } : {})}
      />
    </>
  );
}
