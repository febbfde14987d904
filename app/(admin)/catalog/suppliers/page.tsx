import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/empty-state';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { listSuppliers } from '@/db/queries/catalog-suppliers';
import { can } from '@/lib/permissions';
import { requirePermission } from '@/lib/server/page-guard';
import { SupplierForm } from './supplier-form';

export const metadata: Metadata = { title: 'Suppliers' };

export default async function SuppliersPage() {
  const me = await requirePermission('catalog.read', '/catalog/suppliers');
  const suppliers = await listSuppliers(await getDb());
  const canWrite = can(me.role, 'catalog.write');
  return (
    <>
      <PageHeader
        title="Suppliers"
        description="Who makes the products, how to reach them, and how long an order takes."
      />
      {canWrite && (
        <Card className="mb-6 p-5">
          <h2 className="mb-3 text-base font-semibold">Add supplier</h2>
          <SupplierForm />
        </Card>
      )}
      {suppliers.length === 0 ? (
        <EmptyState title="No suppliers yet">
          {canWrite ? 'Add the first supplier above.' : 'Merchandisers have not added suppliers yet.'}
        </EmptyState>
      ) : (
        <Card className="overflow-hidden">
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="supplier-list">
            {suppliers.map((s) => (
              <li key={s.id} className="px-5 py-3" data-testid={`supplier-${s.name}`}>
                <div className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[minmax(10rem,1fr)_minmax(10rem,1fr)_8rem_7rem]">
                  <p className="font-medium">{s.name}</p>
                  <p className="text-zinc-600 dark:text-zinc-400">{s.contact || '—'}</p>
                  <p>
                    {s.leadTimeDays} day{s.leadTimeDays === 1 ? '' : 's'} lead time
                  </p>
                  <p className="text-zinc-500">
                    {s.productCount} product{s.productCount === 1 ? '' : 's'}
                  </p>
                </div>
                {s.notes && <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">{s.notes}</p>}
                {canWrite && (
                  <details className="mt-2">
                    <summary className="cursor-pointer text-sm text-brand-700 hover:underline dark:text-brand-100">
                      Edit {s.name}
                    </summary>
                    <div className="mt-3">
                      <SupplierForm supplier={s} />
                    </div>
                  </details>
                )}
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
