import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/empty-state';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { listSuppliers } from '@/db/queries/catalog-suppliers';
import { CATALOG_WRITERS } from '@/lib/catalog/constants';
import { roleAllows } from '@/lib/roles';
import { requireRole, rolesOf } from '@/lib/server/page-guard';
import { SupplierForm } from './supplier-form';

export const metadata: Metadata = { title: 'Suppliers' };

export default async function SuppliersPage() {
  const me = await requireRole(rolesOf('/catalog/suppliers'), '/catalog/suppliers');
  const suppliers = await listSuppliers(await getDb());
  const canWrite = roleAllows(me.role, CATALOG_WRITERS);
  return (
    <>
      <PageHeader title="Suppliers" description="Who makes the products, how to reach them, and how long an order takes." />
      {canWrite && (
        <Card className="mb-6 p-5">
          <h2 className="mb-3 text-base font-semibold">Add supplier</h2>
          <SupplierForm />
        </Card>
      )}
      {suppliers.length === 0 ? (
        <EmptyState title="No suppliers yet">{canWrite ? 'Add the first supplier above.' : 'Merchandisers have not added suppliers yet.'}</EmptyState>
      ) : (
        <div className="space-y-3" data-testid="supplier-list">
          {suppliers.map((s) => (
            <Card key={s.id} className="p-5">
              <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
                <h2 className="font-semibold">{s.name}</h2>
                <span className="text-sm text-zinc-500">
                  {s.productCount} product{s.productCount === 1 ? '' : 's'} · {s.leadTimeDays} day{s.leadTimeDays === 1 ? '' : 's'} lead time
                </span>
              </div>
              {canWrite ? (
                <SupplierForm supplier={s} />
              ) : (
                <dl className="grid gap-3 text-sm sm:grid-cols-2">
                  <div><dt className="text-xs text-zinc-500">Contact</dt><dd>{s.contact || '—'}</dd></div>
                  <div><dt className="text-xs text-zinc-500">Notes</dt><dd>{s.notes || '—'}</dd></div>
                </dl>
              )}
            </Card>
          ))}
        </div>
      )}
    </>
  );
}
