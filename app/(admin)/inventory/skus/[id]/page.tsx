import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { inputClass, RecordSelect } from '@/components/ui/field';
import { EmptyState } from '@/components/ui/empty-state';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { listLocations } from '@/db/queries/inventory-ops';
import { getSku, listMovements, listStock } from '@/db/queries/inventory-read';
import { ADJUSTMENT_REASONS } from '@/lib/inventory/constants';
import { recordMetadata, requirePermission } from '@/lib/server/page-guard';
import { isUuid } from '@/lib/validation';
import { ActionForm } from '../../action-form';
import { adjustStockAction, updateReorderAction } from '../../actions';
import { MovementList } from '../../movement-list';
import { StockTable } from '../../stock-table';

/** One read per request for the page and its title. */
const loadSku = cache(async (id: string) => (isUuid(id) ? getSku(await getDb(), id) : null));

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  return recordMetadata('inventory.manage', 'SKU stock', async () => {
    const variant = await loadSku(id);
    return variant && `Stock of ${variant.sku}`;
  });
}

export default async function SkuStockPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePermission('inventory.manage', '/inventory');
  const { id } = await params;
  const variant = await loadSku(id);
  if (!variant) notFound();
  const db = await getDb();
  const [stock, locations, movements] = await Promise.all([
    listStock(db, { variantId: id, pageSize: 200 }),
    listLocations(db, { activeOnly: true }),
    listMovements(db, { variantId: id, limit: 50 }),
  ]);
  return (
    <>
      <PageHeader
        title={`Stock of ${variant.sku}`}
        description={variant.product}
        actions={
          <Link
            href={`/inventory/movements?sku=${encodeURIComponent(variant.sku)}`}
            className="text-sm text-brand-700 hover:underline dark:text-brand-100"
          >
            Full history →
          </Link>
        }
      />
      <Card className="mb-6 overflow-hidden">
        {stock.rows.length ? (
          <StockTable rows={stock.rows} perSku />
        ) : (
          <EmptyState title="No stock anywhere yet">Receive it from a purchase order, or adjust below.</EmptyState>
        )}
      </Card>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card className="p-5">
          <h2 className="mb-3 text-base font-semibold">Adjust stock</h2>
          <ActionForm
            action={adjustStockAction}
            submitLabel="Book adjustment"
            label="Adjust stock"
            testId="adjust-result"
          >
            <input type="hidden" name="variantId" value={id} />
            <div className="grid gap-3 sm:grid-cols-3">
              <RecordSelect label="Location" name="locationId" records={locations} />
              <label className="text-sm">
                <span className="mb-1 block font-medium">Quantity (±)</span>
                <input name="quantity" inputMode="numeric" className={inputClass} placeholder="-2" />
              </label>
              <label className="text-sm">
                <span className="mb-1 block font-medium">Reason</span>
                <select aria-label="Reason" name="reason" className={inputClass}>
                  {ADJUSTMENT_REASONS.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <input name="note" aria-label="Note" placeholder="Note (optional)" className={`${inputClass} mt-3`} />
          </ActionForm>
        </Card>
        <Card className="p-5">
          <h2 className="mb-3 text-base font-semibold">Reorder settings</h2>
          {stock.rows.length === 0 && (
            <p className="text-sm text-zinc-500">Available once the SKU has a stock level.</p>
          )}
          <ul className="space-y-4">
            {stock.rows.map((r) => (
              <li key={r.id}>
                <ActionForm
                  action={updateReorderAction}
                  submitLabel="Save"
                  variant="secondary"
                  label={`Reorder settings at ${r.location}`}
                >
                  <input type="hidden" name="levelId" value={r.id} />
                  <input type="hidden" name="version" value={r.version} />
                  <p className="mb-1 text-sm font-medium">{r.location}</p>
                  <div className="grid grid-cols-2 gap-3">
                    <input
                      name="reorderPoint"
                      defaultValue={r.reorderPoint}
                      aria-label={`Reorder point at ${r.location}`}
                      inputMode="numeric"
                      className={inputClass}
                    />
                    <input
                      name="reorderQuantity"
                      defaultValue={r.reorderQuantity}
                      aria-label={`Reorder quantity at ${r.location}`}
                      inputMode="numeric"
                      className={inputClass}
                    />
                  </div>
                </ActionForm>
              </li>
            ))}
          </ul>
        </Card>
      </div>
      <h2 className="mb-3 mt-8 text-lg font-semibold">Recent movements</h2>
      <Card className="overflow-hidden">
        {movements.length ? (
          <MovementList rows={movements} now={new Date()} showSku={false} />
        ) : (
          <EmptyState title="No movements yet" />
        )}
      </Card>
    </>
  );
}
