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
import { receivePurchaseOrderAction, setPurchaseOrderStatusAction } from '../../actions';

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
          <Badge tone={po.status === 'received' ? 'green' : po.status === 'partially_received' ? 'amber' : 'blue'}>
            {po.status.replace('_', ' ')}
          </Badge>
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
              </li>
            ))}
          </ul>
        )}
      </Card>
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
