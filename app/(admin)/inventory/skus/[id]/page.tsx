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
import { supplierOptions } from '@/db/queries/catalog-suppliers';
import { ADJUSTMENT_REASONS } from '@/lib/inventory/constants';
import { DEFAULT_WINDOW_DAYS, VELOCITY_WINDOWS } from '@/lib/inventory/replenishment';
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

export default async function SkuStockPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePermission('inventory.manage', '/inventory');
  const { id } = await params;
  const variant = await loadSku(id);
  if (!variant) notFound();
  // The velocity window lives in the URL (?window=7|30|90), like the low-stock list's.
  const asked = (await searchParams).window;
  const windowDays = VELOCITY_WINDOWS.find((w) => w === asked) ?? String(DEFAULT_WINDOW_DAYS);
  const db = await getDb();
  const [stock, locations, movements, suppliers] = await Promise.all([
    listStock(db, { variantId: id, pageSize: 200, windowDays: Number(windowDays) }),
    listLocations(db, { activeOnly: true }),
    listMovements(db, { variantId: id, limit: 50 }),
    supplierOptions(db),
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
      <nav aria-label="Sales window" className="mb-3 flex flex-wrap items-center gap-2 text-sm">
        <span className="text-zinc-600 dark:text-zinc-300">Sales over</span>
        {[...VELOCITY_WINDOWS]
          .sort((a, b) => Number(a) - Number(b))
          .map((w) => (
            <Link
              key={w}
              href={`/inventory/skus/${id}?window=${w}`}
              aria-current={w === windowDays ? 'page' : undefined}
              className={`rounded-md px-2 py-1 ${w === windowDays ? 'bg-brand-700 text-white dark:bg-brand-100 dark:text-zinc-900' : 'text-brand-700 hover:underline dark:text-brand-100'}`}
            >
              {w} days
            </Link>
          ))}
      </nav>
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
          <h2 className="mb-3 text-base font-semibold">Reordering rules</h2>
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
                  <p className="mb-2 text-sm font-medium">{r.location}</p>
                  <div className="grid grid-cols-2 gap-3 sm:grid-cols-3">
                    {(
                      [
                        ['reorderPoint', 'Reorder at (min)', 'Reorder point', r.reorderPoint],
                        ['reorderMax', 'Order up to (max)', 'Order up to', r.reorderMax],
                        ['reorderQuantity', 'Minimum order', 'Reorder quantity', r.reorderQuantity],
                        ['reorderMultiple', 'Pack size', 'Pack size', r.reorderMultiple],
                        ['safetyDays', 'Safety days', 'Safety days', r.safetyDays],
                      ] as const
                    ).map(([name, label, aria, value]) => (
                      <label key={name} className="text-sm">
                        <span className="mb-1 block text-xs text-zinc-600 dark:text-zinc-300">{label}</span>
                        <input
                          name={name}
                          defaultValue={value}
                          aria-label={`${aria} at ${r.location}`}
                          inputMode="numeric"
                          className={inputClass}
                        />
                      </label>
                    ))}
                    <RecordSelect
                      label="Supplier"
                      name="preferredSupplierId"
                      records={suppliers}
                      allLabel="Product's"
                      defaultValue={r.preferredSupplierId ?? ''}
                      className="text-sm [&>span]:text-xs [&>span]:font-normal [&>span]:text-zinc-600 dark:[&>span]:text-zinc-300"
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
