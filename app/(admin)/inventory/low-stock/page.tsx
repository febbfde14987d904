import type { Metadata } from 'next';
import Link from 'next/link';
import type { Column } from '@/components/data-table/data-table';
import { DataTable, toSearchParams } from '@/components/data-table/data-table';
import { Badge } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { listLocations } from '@/db/queries/inventory-ops';
import { listLowStock } from '@/db/queries/inventory-read';
import { lowStockList } from '@/lib/lists/inventory';
import { lowStockQueryOf } from '@/lib/server/lists/inventory-query';
import { requirePermission } from '@/lib/server/page-guard';
import { keepFields } from '@/lib/url-state';
import { InventoryFilters } from '../inventory-filters';
import { loadListViews } from '@/lib/server/views';
import { ListViewsMenu } from '../../views/list-views';

export const metadata: Metadata = { title: 'Low stock' };

type LowRow = Awaited<ReturnType<typeof listLowStock>>['rows'][number];

const columns: Column<LowRow>[] = [
  {
    key: 'sku',
    label: 'SKU',
    sortable: true,
    cell: (r) => (
      <Link
        href={`/inventory/skus/${r.variantId}`}
        className="font-medium text-brand-700 hover:underline dark:text-brand-100"
      >
        {r.sku}
      </Link>
    ),
  },
  {
    key: 'location',
    label: 'Location',
    cell: (r) => (
      <>
        {r.location} {!r.locationActive && <Badge tone="neutral">inactive</Badge>}
      </>
    ),
  },
  { key: 'onHand', label: 'On hand', align: 'right', sortable: true, cell: (r) => r.onHand },
  { key: 'available', label: 'Available', align: 'right', sortable: true, cell: (r) => r.available },
  { key: 'reorderPoint', label: 'Reorder at', align: 'right', cell: (r) => r.reorderPoint },
  { key: 'incoming', label: 'Incoming', align: 'right', cell: (r) => r.incoming || '—' },
  {
    key: 'suggested',
    label: 'Suggested order',
    align: 'right',
    className: 'font-medium',
    cell: (r) => r.suggested || '—',
  },
];

export default async function LowStockPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission('inventory.manage', '/inventory/low-stock');
  const raw = await searchParams;
  const state = lowStockList.parse(raw);
  const views = await loadListViews('inventory.low-stock', me, raw, state);
  const db = await getDb();
  const [locations, low] = await Promise.all([listLocations(db), listLowStock(db, lowStockQueryOf(state))]);
  const page = low.page;
  return (
    <>
      <PageHeader
        title="Low stock"
        description="SKUs at or below their reorder point, per location, with what is already incoming and a suggested order quantity."
        actions={
          <a
            href={`/api/inventory/low-stock${lowStockList.query(state)}`}
            className={buttonClass('secondary')}
            data-testid="low-stock-csv"
          >
            Export CSV
          </a>
        }
      />
      <ListViewsMenu views={views} />
      <InventoryFilters
        label="Filter low stock"
        keep={keepFields(lowStockList, state)}
        locations={locations}
        location={state.filters.location}
      />
      <DataTable
        label="Low stock"
        testId="low-stock-table"
        columns={columns}
        visible={state.columns}
        required={lowStockList.required}
        rows={low.rows}
        rowKey={(r) => r.id}
        rowTestId={(r) => `low-${r.sku}-${r.locationCode}`}
        sort={state.sort}
        sortHref={(sort) => lowStockList.href(state, { sort })}
        params={toSearchParams(raw)}
        empty={{
          title: 'Nothing is low',
          body: `No SKU is at or below its reorder point${state.filters.location ? ' here' : ''}.`,
        }}
        pager={{
          prev:
            low.prev === null
              ? null
              : lowStockList.href(state, {}, { before: low.prev, page: page > 2 ? page - 1 : undefined }),
          next: low.next === null ? null : lowStockList.href(state, {}, { after: low.next, page: page + 1 }),
        }}
      />
    </>
  );
}
