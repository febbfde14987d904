import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { toSearchParams } from '@/components/data-table/data-table';
import { buttonClass } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { categoryOptions } from '@/db/queries/catalog-categories';
import { countProducts, isFiltered, listProductPage, popularTags } from '@/db/queries/catalog-list';
import { supplierOptions } from '@/db/queries/catalog-suppliers';
import { can } from '@/lib/permissions';
import { catalogList, catalogQueryOf } from '@/lib/lists/catalog';
import { requirePermission } from '@/lib/server/page-guard';
import { loadListViews } from '@/lib/server/views';
import { keepFields } from '@/lib/url-state';
import { ListViewsMenu } from '../../views/list-views';
import { ProductFilters } from './product-filters';
import { ProductTable } from './product-table';

export const metadata: Metadata = { title: 'Catalog' };

export default async function CatalogPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission('catalog.read', '/catalog');
  const raw = await searchParams;
  const state = catalogList.parse(raw);
  // The GET filter form sends every field, empty ones too, and adds an attribute through two plain fields (it
  // works without JavaScript): fold them into the list's own URL.
  if ('akey' in raw || 'aval' in raw || Object.values(raw).some((v) => v === '')) {
    const [key, value] = [raw.akey, raw.aval].map((v) => (typeof v === 'string' ? v.trim() : ''));
    const added = key && value ? catalogList.parse({ a: `${key}:${value}` }).filters.a : undefined;
    const a = [...(state.filters.a ?? []), ...(added ?? [])].filter((v, i, all) => all.indexOf(v) === i).slice(0, 5);
    const extra = { ...(raw.view && raw.view !== '' ? { view: String(raw.view) } : {}) };
    redirect(catalogList.href({ ...state, filters: { ...state.filters, a } }, {}, extra));
  }
  const views = await loadListViews('catalog', me, raw, state);
  const db = await getDb();
  const query = catalogQueryOf(state);
  const [categories, suppliers, tags, { rows, hasNext, page, pageSize }, count] = await Promise.all([
    categoryOptions(db),
    supplierOptions(db),
    popularTags(db),
    listProductPage(db, query),
    countProducts(db, query),
  ]);
  const canWrite = can(me.role, 'catalog.write');
  const filtered = isFiltered(query);
  const qs = catalogList.query(state).slice(1);
  const first = (page - 1) * pageSize + 1;
  const exportHref = (kind: string) => `/api/catalog/export?${qs}${qs ? '&' : ''}kind=${kind}`;

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
            <a className={buttonClass('secondary')} href={exportHref('variants')} data-testid="export-variants">
              Export CSV (variants)
            </a>
            <a className={buttonClass('secondary')} href={exportHref('products')} data-testid="export-products">
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
      <ListViewsMenu views={views} />
      <ProductFilters
        state={state}
        keep={keepFields(catalogList, state)}
        categories={categories}
        suppliers={suppliers}
        tags={tags}
      />
      <ProductTable
        rows={rows}
        canWrite={canWrite}
        categories={categories.map((c) => ({ id: c.id, name: c.name }))}
        state={{ filters: state.filters, sort: state.sort, columns: state.columns }}
        params={toSearchParams(raw).toString()}
        count={
          <>
            {rows.length > 0 && `${first.toLocaleString('en')}–${(first + rows.length - 1).toLocaleString('en')} of `}
            {count.exact ? count.n.toLocaleString('en') : `about ${count.n.toLocaleString('en')}`} product
            {count.n === 1 ? '' : 's'}
            {filtered ? ' matching' : ''}
          </>
        }
        pager={{
          prev: page > 1 ? catalogList.href(state, {}, { page: page === 2 ? undefined : page - 1 }) : null,
          next: hasNext ? catalogList.href(state, {}, { page: page + 1 }) : null,
        }}
        empty={
          filtered
            ? {
                title: 'No products match these filters',
                body: 'Try fewer filters, a shorter search, or a wider price range.',
                action: (
                  <Link className={buttonClass('secondary')} href="/catalog?view=none">
                    Clear filters
                  </Link>
                ),
              }
            : {
                title: 'No products yet',
                body: canWrite
                  ? 'Create the first product, or import a CSV file.'
                  : 'Merchandisers have not added products yet.',
                action: canWrite ? (
                  <Link className={buttonClass('primary')} href="/catalog/products/new">
                    New product
                  </Link>
                ) : undefined,
              }
        }
      />
    </>
  );
}
