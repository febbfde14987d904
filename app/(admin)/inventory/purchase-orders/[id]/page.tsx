import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { Badge } from '@/components/ui/badge';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { getPurchaseOrder } from '@/db/queries/inventory-purchase-orders';
import { recordMetadata, requirePermission } from '@/lib/server/page-guard';
import { isUuid } from '@/lib/validation';
import { formatValue } from '@/lib/inventory/valuation';
import { ActionForm } from '../../action-form';
import { ReceiveLines } from '../../receive-lines';
import { closePurchaseOrderShortAction, receivePurchaseOrderAction, setPurchaseOrderStatusAction } from '../../actions';

/** One read per request for the page and its title. */
const loadPurchaseOrder = cache(async (id: string) => (isUuid(id) ? getPurchaseOrder(await getDb(), id) : null));

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  return recordMetadata('inventory.manage', 'Purchase order', async () => {
    const po = await loadPurchaseOrder(id);
    return po && `PO-${po.number}`;
  });
}

export default async function PurchaseOrderPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePermission('inventory.manage', '/inventory/purchase-orders');
  const { id } = await params;
  const po = await loadPurchaseOrder(id);
  if (!po) notFound();
  const receivable = po.status === 'ordered' || po.status === 'partially_received';
  return (
    <>
      <PageHeader
        title={`PO-${po.number}`}
        description={`${po.supplier} → ${po.location}${po.expectedAt ? ` · expected ${po.expectedAt}` : ''}`}
        actions={
          <span data-testid="po-status">
            <Badge tone={po.status === 'received' ? 'green' : po.status === 'partially_received' ? 'amber' : 'blue'}>
              {po.closedShortAt ? 'closed short' : po.status.replace('_', ' ')}
            </Badge>
          </span>
        }
      />
      <Card className="p-5">
        <ActionForm
          action={receivePurchaseOrderAction}
          submitLabel="Receive"
          label="Receive purchase order"
          testId="receive-result"
          className={receivable ? '' : 'hidden'}
        >
          <input type="hidden" name="id" value={po.id} />
          <ReceiveLines key={po.version} lines={po.lines} />
        </ActionForm>
        {!receivable && (
          <ul className="text-sm">
            {po.lines.map((l) => (
              <li key={l.id}>
                {l.sku}: {l.received}/{l.ordered} received
                {l.unitCost === null ? '' : ` at ${formatValue(l.unitCost)}`}
                {po.closedShortAt && l.received < l.ordered ? ` (${l.ordered - l.received} cancelled)` : ''}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {po.closedShortAt && (
        <p className="mt-4 text-sm text-zinc-700 dark:text-zinc-300" data-testid="closed-short-note">
          Closed short on {po.closedShortAt.toISOString().slice(0, 10)}:{' '}
          {po.lines.reduce((s, l) => s + l.ordered - l.received, 0)} units cancelled, no longer expected.
        </p>
      )}
      {po.status === 'partially_received' && (
        <Card className="mt-4 p-5">
          <h2 className="text-base font-semibold">Close short</h2>
          <ActionForm
            action={closePurchaseOrderShortAction}
            submitLabel="Close short"
            variant="danger"
            label="Close short"
            testId="close-short-result"
          >
            <input type="hidden" name="id" value={po.id} />
            <input type="hidden" name="version" value={po.version} />
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-300">
              The supplier will not send the rest: cancel the {po.lines.reduce((s, l) => s + l.ordered - l.received, 0)}{' '}
              units still expected, so they no longer show as incoming. What was received stays in stock.
            </p>
          </ActionForm>
        </Card>
      )}
      {(po.status === 'draft' || po.status === 'ordered') && (
        <div className="mt-4 flex flex-wrap gap-3">
          {po.status === 'draft' && (
            <ActionForm
              action={setPurchaseOrderStatusAction}
              submitLabel="Mark as ordered"
              variant="secondary"
              label="Mark as ordered"
            >
              <input type="hidden" name="id" value={po.id} />
              <input type="hidden" name="version" value={po.version} />
              <input type="hidden" name="status" value="ordered" />
            </ActionForm>
          )}
          <ActionForm
            action={setPurchaseOrderStatusAction}
            submitLabel="Cancel order"
            variant="danger"
            label="Cancel order"
          >
            <input type="hidden" name="id" value={po.id} />
            <input type="hidden" name="version" value={po.version} />
            <input type="hidden" name="status" value="cancelled" />
          </ActionForm>
        </div>
      )}
    </>
  );
}
