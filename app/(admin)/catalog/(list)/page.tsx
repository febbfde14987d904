import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { buttonClass } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Pager } from '@/components/ui/pager';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { categoryOptions } from '@/db/queries/catalog-categories';
import { countProducts, isFiltered, listProductPage, popularTags } from '@/db/queries/catalog-list';
import { supplierOptions } from '@/db/queries/catalog-suppliers';
import { can } from '@/lib/permissions';
import { requirePermission } from '@/lib/server/page-guard';
import { ProductFilters } from './product-filters';
import { ProductTable } from './product-table';
import { parseProductSearch, productQueryString, productsHref, toListQuery } from './search-params';

export const metadata: Metadata = { title: 'Catalog' };

export default async function CatalogPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission('catalog.read', '/catalog');
  const raw = await searchParams;
  const search = parseProductSearch(raw);
  // The GET filter form sends every field, empty ones too, and the attribute as two fields: tidy the URL.
  if ('akey' in raw || 'aval' in raw || Object.values(raw).some((v) => v === ''))
    redirect(productsHref(search, { page: undefined }));
  const db = await getDb();
  const query = toListQuery(search);
  const [categories, suppliers, tags, { rows, hasNext, page, pageSize }, count] = await Promise.all([
    categoryOptions(db),
    supplierOptions(db),
    popularTags(db),
    listProductPage(db, query),
    countProducts(db, query),
  ]);
  const canWrite = can(me.role, 'catalog.write');
  const filtered = isFiltered(query);
  const qs = productQueryString(search, { page: undefined });
  const first = (page - 1) * pageSize + 1;

  return (
    <>
      <PageHeader
        title="Catalog"
        description={
          canWrite
            ? 'Products, their variants and attributes. Filter, select rows for bulk changes, or open a product to edit it.'
            : 'Products, their variants and attributes (read only).'
        }
        actions={
          <div className="flex flex-wrap gap-2">
            <a
              className={buttonClass('secondary')}
              href={`/api/catalog/export?${qs}${qs ? '&' : ''}kind=variants`}
              data-testid="export-variants"
            >
              Export CSV (variants)
            </a>
            <a className={buttonClass('secondary')} href={`/api/catalog/export?${qs}${qs ? '&' : ''}kind=products`}>
              Export CSV (products)
            </a>
            {canWrite && (
              <Link
                className={buttonClass('secondary')}
                href={`/catalog/bulk-edit${qs ? `?${qs}` : ''}`}
                data-testid="bulk-edit-link"
              >
                Bulk edit variants
              </Link>
            )}
            {canWrite && (
              <Link className={buttonClass('primary')} href="/catalog/products/new">
                New product
              </Link>
            )}
          </div>
        }
      />
      <ProductFilters search={search} categories={categories} suppliers={suppliers} tags={tags} />
      <Card className="overflow-hidden">
        {rows.length === 0 ? (
          <div className="p-6">
            {filtered ? (
              <EmptyState
                title="No products match these filters"
                action={
                  <Link className={buttonClass('secondary')} href="/catalog">
                    Clear filters
                  </Link>
                }
              >
                Try fewer filters, a shorter search, or a wider price range.
              </EmptyState>
            ) : (
              <EmptyState
                title="No products yet"
                action={
                  canWrite ? (
                    <Link className={buttonClass('primary')} href="/catalog/products/new">
                      New product
                    </Link>
                  ) : undefined
                }
              >
                {canWrite
                  ? 'Create the first product, or import a CSV file.'
                  : 'Merchandisers have not added products yet.'}
              </EmptyState>
            )}
          </div>
        ) : (
          <ProductTable
            rows={rows}
            canWrite={canWrite}
            categories={categories.map((c) => ({ id: c.id, name: c.name }))}
            search={search}
          />
        )}
        <div className="flex flex-wrap items-center justify-between gap-3 border-t border-zinc-200 px-4 py-3 text-sm text-zinc-500 dark:border-zinc-800">
          <p data-testid="product-count">
            {rows.length > 0 && `${first.toLocaleString('en')}–${(first + rows.length - 1).toLocaleString('en')} of `}
            {count.exact ? count.n.toLocaleString('en') : `about ${count.n.toLocaleString('en')}`} product
            {count.n === 1 ? '' : 's'}
            {filtered ? ' matching' : ''}
          </p>
          <Pager page={page} hasNext={hasNext} href={(p) => productsHref(search, { page: p })} />
        </div>
      </Card>
    </>
  );
}
