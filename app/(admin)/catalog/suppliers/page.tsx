import type { Metadata } from 'next';
import Link from 'next/link';
import { DataTable, toSearchParams, type Column } from '@/components/data-table/data-table';
import { FilterBar, TextFilter } from '@/components/data-table/filter-bar';
import { buttonClass } from '@/components/ui/button';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { listSuppliers } from '@/db/queries/catalog-suppliers';
import { supplierList } from '@/lib/lists/catalog';
import { can } from '@/lib/permissions';
import { requirePermission } from '@/lib/server/page-guard';
import { loadListViews } from '@/lib/server/views';
import { keepFields } from '@/lib/url-state';
import { ListViewsMenu } from '../../views/list-views';
import { SupplierForm } from './supplier-form';

export const metadata: Metadata = { title: 'Suppliers' };

type Row = Awaited<ReturnType<typeof listSuppliers>>[number];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export default async function SuppliersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission('catalog.read', '/catalog/suppliers');
  const raw = await searchParams;
  const state = supplierList.parse(raw);
  const views = await loadListViews('catalog.suppliers', me, raw, state);
  const suppliers = await listSuppliers(await getDb(), { q: state.filters.q, sort: state.sort });
  const canWrite = can(me.role, 'catalog.write');
  const columns: Column<Row>[] = [
    { key: 'name', label: 'Name', sortable: true, className: 'font-medium', cell: (s) => s.name },
    {
      key: 'contact',
      label: 'Contact',
      className: 'text-zinc-600 dark:text-zinc-400',
      cell: (s) => s.contact || '—',
    },
    {
      key: 'leadTime',
      label: 'Lead time',
      sortable: true,
      align: 'right',
      cell: (s) => plural(s.leadTimeDays, 'day'),
    },
    { key: 'products', label: 'Products', align: 'right', cell: (s) => s.productCount },
    {
      key: 'notes',
      label: 'Notes',
      hideBelow: 'md',
      className: 'max-w-xs text-zinc-600 dark:text-zinc-400',
      cell: (s) => s.notes || '—',
    },
    ...(canWrite
      ? [
          {
            key: 'edit',
            label: 'Edit',
            srOnly: true,
            cell: (s: Row) => (
              <details>
                <summary className="cursor-pointer text-sm text-brand-700 hover:underline dark:text-brand-100">
                  Edit {s.name}
                </summary>
                <div className="mt-3 min-w-72">
                  <SupplierForm supplier={s} />
                </div>
              </details>
            ),
          },
        ]
      : []),
  ];
  return (
    <>
      <PageHeader
        title="Suppliers"
        description="Who makes the products, how to reach them, and how long an order takes."
        actions={
          <a
            href={`/api/catalog/suppliers${supplierList.query(state)}`}
            className={buttonClass('secondary')}
            data-testid="suppliers-csv"
          >
            Export CSV
          </a>
        }
      />
      <ListViewsMenu views={views} />
      {canWrite && (
        <Card className="mb-6 p-5">
          <h2 className="mb-3 text-base font-semibold">Add supplier</h2>
          <SupplierForm />
        </Card>
      )}
      <FilterBar label="Filter suppliers" keep={keepFields(supplierList, state)}>
        <TextFilter label="Search" name="q" value={state.filters.q} placeholder="Supplier name" />
      </FilterBar>
      <DataTable
        label="Suppliers"
        testId="supplier-list"
        columns={columns}
        visible={state.columns}
        required={supplierList.required}
        rows={suppliers}
        rowKey={(s) => s.id}
        rowTestId={(s) => `supplier-${s.name}`}
        sort={state.sort}
        sortHref={(sort) => supplierList.href(state, { sort })}
        params={toSearchParams(raw)}
        toolbar={plural(suppliers.length, 'supplier')}
        empty={
          state.filters.q
            ? {
                title: 'No suppliers match this search',
                body: 'Try a shorter name.',
                action: (
                  <Link className={buttonClass('secondary')} href="/catalog/suppliers?view=none">
                    Clear search
                  </Link>
                ),
              }
            : {
                title: 'No suppliers yet',
                body: canWrite ? 'Add the first supplier above.' : 'Merchandisers have not added suppliers yet.',
              }
        }
      />
    </>
  );
}
