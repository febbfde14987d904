import type { Metadata } from 'next';
import Link from 'next/link';
import { toSearchParams } from '@/components/data-table/data-table';
import { DataTable } from '@/components/data-table/data-table';
import { buttonClass } from '@/components/ui/button';
import { inputClass, RecordSelect } from '@/components/ui/field';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { listLocations } from '@/db/queries/inventory-ops';
import { variantThumbs } from '@/db/queries/catalog-images';
import { listStock } from '@/db/queries/inventory-read';
import { stockValueByLocation } from '@/db/queries/inventory-valuation';
import { stockList } from '@/lib/lists/inventory';
import { stockQueryOf } from '@/lib/server/lists/inventory-query';
import { requirePermission } from '@/lib/server/page-guard';
import { keepFields } from '@/lib/url-state';
import { FilterBar } from '@/components/data-table/filter-bar';
import { stockColumns } from '../stock-table';
import { StockValueCard } from '../valuation/value-card';
import { loadListViews } from '@/lib/server/views';
import { ListViewsMenu } from '../../views/list-views';

export const metadata: Metadata = { title: 'Inventory' };

export default async function InventoryPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission('inventory.manage', '/inventory');
  const raw = await searchParams;
  const state = stockList.parse(raw);
  const views = await loadListViews('inventory.stock', me, raw, state);
  const { filters } = state;
  const db = await getDb();
  const [locations, stock, value] = await Promise.all([
    listLocations(db),
    listStock(db, stockQueryOf(state)),
    stockValueByLocation(db),
  ]);
  const thumbs = await variantThumbs(db, [...new Set(stock.rows.map((r) => r.variantId))]);
  const base = state;
  const page = stock.page;
  return (
    <>
      <PageHeader
        title="Inventory"
        description="Stock per SKU and location. Available = on hand − reserved; incoming counts open purchase orders and transfers in transit."
        actions={
          <div className="flex gap-2">
            <a
              href={`/api/inventory/stock${stockList.query(base)}`}
              className={buttonClass('secondary')}
              data-testid="stock-csv"
            >
              Export CSV
            </a>
            <Link href="/inventory/count" className={buttonClass('secondary')}>
              Cycle count
            </Link>
          </div>
        }
      />
      <StockValueCard value={value} />
      <ListViewsMenu views={views} />
      <FilterBar label="Filter stock" keep={keepFields(stockList, state)}>
        <label className="text-sm">
          <span className="mb-1 block font-medium">SKU starts with</span>
          <input name="q" defaultValue={filters.q ?? ''} className={inputClass} placeholder="DRS-" />
        </label>
        <RecordSelect
          label="Location"
          name="location"
          records={locations.map((l) => ({ id: l.id, name: l.active ? l.name : `${l.name} (inactive)` }))}
          allLabel="All locations"
          defaultValue={filters.location ?? ''}
        />
        <label className="flex items-center gap-2 pb-2 text-sm">
          <input type="checkbox" name="low" value="1" defaultChecked={filters.low === true} /> Low stock only
        </label>
      </FilterBar>
      <DataTable
        label="Stock levels"
        testId="stock-table"
        columns={stockColumns(thumbs)}
        visible={state.columns}
        required={stockList.required}
        rows={stock.rows}
        rowKey={(r) => r.id}
        rowTestId={(r) => `stock-${r.sku}-${r.locationCode}`}
        sort={state.sort}
        sortHref={(sort) => stockList.href(base, { sort })}
        params={toSearchParams(raw)}
        empty={{
          title: 'No stock levels match',
          body:
            locations.length === 0
              ? 'Add a location below, then receive stock from a purchase order.'
              : 'Change the filters, or receive stock from a purchase order.',
        }}
        pager={{
          label: `Page ${page}`,
          prev:
            stock.prev === null
              ? null
              : stockList.href(base, {}, { before: stock.prev, page: page > 2 ? page - 1 : undefined }),
          next: stock.next === null ? null : stockList.href(base, {}, { after: stock.next, page: page + 1 }),
        }}
      />
      <Card className="mt-6 p-5">
        <h2 className="mb-1 text-base font-semibold">Locations</h2>
        <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
          {locations.map((l) => `${l.code} · ${l.name}${l.active ? '' : ' (inactive)'}`).join(' — ') || 'None yet.'}
        </p>
        <Link href="/inventory/locations" className="text-sm text-brand-700 hover:underline dark:text-brand-100">
          Add, edit or deactivate locations
        </Link>
      </Card>
    </>
  );
}
