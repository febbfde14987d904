import type { Metadata } from 'next';
import Link from 'next/link';
import type { Column } from '@/components/data-table/data-table';
import { DataTable, toSearchParams } from '@/components/data-table/data-table';
import { buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { listLocations } from '@/db/queries/inventory-ops';
import { listLowStock } from '@/db/queries/inventory-read';
import { DEFAULT_WINDOW_DAYS, VELOCITY_WINDOWS } from '@/lib/inventory/replenishment';
import { lowStockList } from '@/lib/lists/inventory';
import { lowStockQueryOf } from '@/lib/server/lists/inventory-query';
import { requirePermission } from '@/lib/server/page-guard';
import { keepFields } from '@/lib/url-state';
import { ActionForm } from '../action-form';
import { draftPurchaseOrdersAction } from '../actions';
import { InventoryFilters } from '../inventory-filters';
import { NextIncoming, todayUtc } from '../stock-table';
import { loadListViews } from '@/lib/server/views';
import { ListViewsMenu } from '../../views/list-views';

export const metadata: Metadata = { title: 'Low stock' };

type LowRow = Awaited<ReturnType<typeof listLowStock>>['rows'][number];

const DRAFT_FORM = 'draft-orders';

/** Sold per day, to one decimal below 10 (slow sellers are where the decimal matters). */
const perDay = (v: number) => (v === 0 ? '—' : v < 10 ? v.toFixed(1) : Math.round(v).toString());

function columns(today: string): Column<LowRow>[] {
  return [
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
      cell: (r) => r.location,
    },
    { key: 'onHand', label: 'On hand', align: 'right', sortable: true, cell: (r) => r.onHand },
    { key: 'available', label: 'Available', align: 'right', sortable: true, cell: (r) => r.available },
    { key: 'reorderPoint', label: 'Reorder at', align: 'right', cell: (r) => r.reorderPoint },
    { key: 'velocity', label: 'Sold/day', align: 'right', cell: (r) => perDay(r.velocity) },
    {
      key: 'cover',
      label: 'Cover (days)',
      align: 'right',
      sortable: true,
      // With the pace beneath it (the separate Sold/day column is optional), so the row fits a laptop screen.
      cell: (r) => (
        <>
          <span data-testid="cover">{r.cover === null ? 'not selling' : Math.floor(r.cover)}</span>
          {r.velocity > 0 && (
            <span className="block text-xs text-zinc-600 dark:text-zinc-400">{perDay(r.velocity)} sold/day</span>
          )}
        </>
      ),
    },
    {
      // Incoming, what is on drafts, and the next expected order (linked, dated, "overdue" in words) in one cell.
      key: 'incoming',
      label: 'Incoming',
      align: 'right',
      cell: (r) => (
        <>
          <span data-testid="incoming">{r.incoming || '—'}</span>
          {r.drafted > 0 && (
            <span className="block text-xs text-zinc-600 dark:text-zinc-400">+{r.drafted} in drafts</span>
          )}
          {r.next && (
            <span className="block text-xs">
              <NextIncoming row={r} today={today} />
            </span>
          )}
        </>
      ),
    },
    {
      key: 'suggested',
      label: 'To order',
      align: 'right',
      className: 'font-medium',
      cell: (r) => <span data-testid="suggested">{r.suggested || '—'}</span>,
    },
  ];
}

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
  // Active locations only, as the list and drafting (an inactive one would always show "Nothing is low").
  const [locations, low] = await Promise.all([
    listLocations(db, { activeOnly: true }),
    listLowStock(db, lowStockQueryOf(state)),
  ]);
  const page = low.page;
  const windowDays = state.filters.window ?? String(DEFAULT_WINDOW_DAYS);
  const byNumber = state.sort.key === 'cover';
  const here = state.filters.location ? locations.find((l) => l.id === state.filters.location)?.name : undefined;
  return (
    <>
      <PageHeader
        title="Low stock"
        description="SKUs at or below their reorder point, per location: how fast they sell, how long the stock lasts, what is already incoming and when, and what to order."
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
      >
        <label className="text-sm">
          <span className="mb-1 block font-medium">Sales over</span>
          <select name="window" defaultValue={windowDays} className={inputClass} aria-label="Sales over">
            {[...VELOCITY_WINDOWS]
              .sort((a, b) => Number(a) - Number(b))
              .map((w) => (
                <option key={w} value={w}>
                  last {w} days
                </option>
              ))}
          </select>
        </label>
      </InventoryFilters>
      {low.rows.length > 0 && (
        <Card className="mb-4 p-4">
          <ActionForm
            id={DRAFT_FORM}
            action={draftPurchaseOrdersAction}
            submitLabel="Draft purchase orders"
            label="Draft purchase orders"
            testId="draft-result"
          >
            <input type="hidden" name="location" value={state.filters.location ?? ''} />
            <input type="hidden" name="window" value={windowDays} />
            <p className="text-sm text-zinc-600 dark:text-zinc-300">
              Drafts one purchase order per supplier and location for the rows you tick, or for every low SKU
              {here ? ` at ${here}` : ''} when none is ticked. Quantities follow each SKU&apos;s reordering rule and the
              last {windowDays} days of sales, minus what is already on order; expected dates follow the supplier&apos;s
              lead time. Review the drafts under{' '}
              <Link
                href="/inventory/purchase-orders?status=draft"
                className="text-brand-700 underline dark:text-brand-100"
              >
                draft purchase orders
              </Link>{' '}
              and mark them ordered.
            </p>
          </ActionForm>
        </Card>
      )}
      <DataTable
        label="Low stock"
        testId="low-stock-table"
        columns={columns(todayUtc())}
        visible={state.columns}
        required={lowStockList.required}
        rows={low.rows}
        rowKey={(r) => r.id}
        rowTestId={(r) => `low-${r.sku}-${r.locationCode}`}
        sort={state.sort}
        sortHref={(sort) => lowStockList.href(state, { sort })}
        params={toSearchParams(raw)}
        select={{
          header: <span className="sr-only">Select for drafting</span>,
          cell: (r) => (
            <input
              type="checkbox"
              name="level"
              value={r.id}
              form={DRAFT_FORM}
              aria-label={`Select ${r.sku} at ${r.location}`}
              className="size-4 accent-brand-600"
            />
          ),
        }}
        empty={{
          title: 'Nothing is low',
          body: `No SKU is at or below its reorder point${state.filters.location ? ' here' : ''}.`,
        }}
        pager={{
          prev: byNumber
            ? page > 1
              ? lowStockList.href(state, {}, { page: page - 1 })
              : null
            : low.prev === null
              ? null
              : lowStockList.href(state, {}, { before: low.prev, page: page > 2 ? page - 1 : undefined }),
          next: byNumber
            ? low.hasNext
              ? lowStockList.href(state, {}, { page: page + 1 })
              : null
            : low.next === null
              ? null
              : lowStockList.href(state, {}, { after: low.next, page: page + 1 }),
        }}
      />
    </>
  );
}
