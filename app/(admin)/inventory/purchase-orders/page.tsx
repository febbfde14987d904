import type { Metadata } from 'next';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { inputClass, RecordSelect } from '@/components/ui/field';
import { EmptyState } from '@/components/ui/empty-state';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { supplierOptions } from '@/db/queries/catalog-suppliers';
import { listLocations } from '@/db/queries/inventory-ops';
import { listPurchaseOrders } from '@/db/queries/inventory-purchase-orders';
import { requirePermission } from '@/lib/server/page-guard';
import { ActionForm } from '../action-form';
import { createPurchaseOrderAction } from '../actions';

export const metadata: Metadata = { title: 'Purchase orders' };

const PO_TONE = { draft: 'neutral', ordered: 'blue', partially_received: 'amber', received: 'green', cancelled: 'neutral' } as const;

export default async function PurchaseOrdersPage() {
  await requirePermission('inventory.manage', '/inventory/purchase-orders');
  const db = await getDb();
  const [orders, suppliers, locations] = await Promise.all([listPurchaseOrders(db), supplierOptions(db), listLocations(db, { activeOnly: true })]);
  return (
    <>
      <PageHeader title="Purchase orders" description="Restocks from suppliers. Ordered quantities show as incoming on the stock pages until received." />
      <Card className="mb-6 p-5">
        <h2 className="mb-3 text-base font-semibold">New purchase order</h2>
        <ActionForm action={createPurchaseOrderAction} submitLabel="Create order" label="New purchase order" testId="po-result">
          <div className="grid gap-3 sm:grid-cols-3">
            <RecordSelect label="Supplier" name="supplierId" records={suppliers} />
            <RecordSelect label="Deliver to" name="locationId" records={locations} />
            <label className="text-sm">
              <span className="mb-1 block font-medium">Expected</span>
              <input type="date" name="expectedAt" className={inputClass} />
            </label>
          </div>
          <label className="mt-3 block text-sm">
            <span className="mb-1 block font-medium">Lines: SKU and quantity, one per line</span>
            <textarea name="lines" rows={4} className={`${inputClass} font-mono`} placeholder={'DRS-LIN-M-NAV 20'} />
          </label>
          <label className="mt-3 flex items-center gap-2 text-sm">
            <input type="checkbox" name="order" defaultChecked /> Mark as ordered (sent to the supplier)
          </label>
        </ActionForm>
      </Card>
      {orders.length === 0 ? (
        <EmptyState title="No purchase orders yet" />
      ) : (
        <Card className="overflow-hidden">
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="po-list">
            {orders.map((o) => (
              <li key={o.id} className="flex flex-wrap items-center justify-between gap-3 px-5 py-3 text-sm">
                <div>
                  <Link href={`/inventory/purchase-orders/${o.id}`} className="font-medium text-brand-700 hover:underline dark:text-brand-100">
                    PO-{o.number}
                  </Link>{' '}
                  <Badge tone={PO_TONE[o.status]}>{o.status.replace('_', ' ')}</Badge>
                  <p className="text-zinc-500">
                    {o.supplier} → {o.location} · {o.received}/{o.ordered} received{o.expectedAt ? ` · expected ${o.expectedAt}` : ''}
                  </p>
                </div>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
