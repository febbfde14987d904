import type { Metadata } from 'next';
import Link from 'next/link';
import { DataTable, toSearchParams, type Column } from '@/components/data-table/data-table';
import { Badge } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { inputClass, RecordSelect } from '@/components/ui/field';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { supplierOptions } from '@/db/queries/catalog-suppliers';
import { listLocations } from '@/db/queries/inventory-ops';
import { listPurchaseOrders } from '@/db/queries/inventory-purchase-orders';
import { PO_STATUSES } from '@/lib/inventory/constants';
import { purchaseOrderList } from '@/lib/lists/inventory';
import { purchaseOrderQueryOf } from '@/lib/server/lists/inventory-query';
import { requirePermission } from '@/lib/server/page-guard';
import { loadListViews } from '@/lib/server/views';
import { keepFields } from '@/lib/url-state';
import { ListViewsMenu } from '../../views/list-views';
import { ActionForm } from '../action-form';
import { LinesEditor } from '../lines-editor';
import { createPurchaseOrderAction } from '../actions';
import { InventoryFilters } from '../inventory-filters';

export const metadata: Metadata = { title: 'Purchase orders' };

const PO_TONE = {
  draft: 'neutral',
  ordered: 'blue',
  partially_received: 'amber',
  received: 'green',
  cancelled: 'neutral',
} as const;
const PAGE = 50;

type Row = Awaited<ReturnType<typeof listPurchaseOrders>>[number];

const columns: Column<Row>[] = [
  {
    key: 'number',
    label: 'Order',
    sortable: true,
    cell: (o) => (
      <Link
        href={`/inventory/purchase-orders/${o.id}`}
        className="font-medium text-brand-700 hover:underline dark:text-brand-100"
      >
        PO-{o.number}
      </Link>
    ),
  },
  {
    key: 'status',
    label: 'Status',
    cell: (o) => (
      <Badge tone={PO_TONE[o.status]}>{o.closedShortAt ? 'closed short' : o.status.replace('_', ' ')}</Badge>
    ),
  },
  { key: 'supplier', label: 'Supplier', cell: (o) => o.supplier },
  { key: 'location', label: 'Deliver to', cell: (o) => o.location },
  { key: 'received', label: 'Received', align: 'right', cell: (o) => `${o.received}/${o.ordered}` },
  { key: 'expected', label: 'Expected', className: 'whitespace-nowrap', cell: (o) => o.expectedAt ?? '—' },
];

export default async function PurchaseOrdersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission('inventory.manage', '/inventory/purchase-orders');
  const raw = await searchParams;
  const state = purchaseOrderList.parse(raw);
  const views = await loadListViews('inventory.purchase-orders', me, raw, state);
  const db = await getDb();
  const [orders, suppliers, locations, allLocations] = await Promise.all([
    listPurchaseOrders(db, { ...purchaseOrderQueryOf(state), limit: PAGE }),
    supplierOptions(db),
    listLocations(db, { activeOnly: true }),
    listLocations(db),
  ]);
  return (
    <>
      <PageHeader
        title="Purchase orders"
        description="Restocks from suppliers. Ordered quantities show as incoming on the stock pages until received."
        actions={
          <a
            href={`/api/inventory/purchase-orders${purchaseOrderList.query(state)}`}
            className={buttonClass('secondary')}
            data-testid="po-csv"
          >
            Export CSV
          </a>
        }
      />
      <ListViewsMenu views={views} />
      <Card className="mb-6 p-5">
        <h2 className="mb-3 text-base font-semibold">New purchase order</h2>
        <ActionForm
          action={createPurchaseOrderAction}
          submitLabel="Create order"
          label="New purchase order"
          testId="po-result"
        >
          <div className="grid gap-3 sm:grid-cols-3">
            <RecordSelect label="Supplier" name="supplierId" records={suppliers} />
            <RecordSelect label="Deliver to" name="locationId" records={locations} />
            <label className="text-sm">
              <span className="mb-1 block font-medium">Expected</span>
              <input type="date" name="expectedAt" className={inputClass} />
            </label>
          </div>
          <LinesEditor
            name="lines"
            label="Lines: SKU, quantity and unit cost (optional; the SKU's cost otherwise), one per line"
            placeholder={'DRS-LIN-M-NAV 20 18.50'}
            rows={4}
            locationField="locationId"
          />
          <label className="mt-3 flex items-center gap-2 text-sm">
            <input type="checkbox" name="order" defaultChecked /> Mark as ordered (sent to the supplier)
          </label>
        </ActionForm>
      </Card>
      <InventoryFilters
        label="Filter purchase orders"
        keep={keepFields(purchaseOrderList, state)}
        locations={allLocations}
        location={state.filters.location}
        statuses={PO_STATUSES}
        status={state.filters.status}
      />
      <DataTable
        label="Purchase orders"
        testId="po-list"
        columns={columns}
        visible={state.columns}
        required={purchaseOrderList.required}
        rows={orders}
        rowKey={(o) => o.id}
        sort={state.sort}
        sortHref={(sort) => purchaseOrderList.href(state, { sort })}
        params={toSearchParams(raw)}
        empty={{ title: 'No purchase orders match', body: 'Create one above, or change the filters.' }}
        pager={{
          next:
            orders.length === PAGE
              ? purchaseOrderList.href(state, {}, { before: orders[orders.length - 1]!.number })
              : null,
        }}
      />
    </>
  );
}
