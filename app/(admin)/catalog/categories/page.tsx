import type { Metadata } from 'next';
import Link from 'next/link';
import { DataTable, toSearchParams, type Column } from '@/components/data-table/data-table';
import { FilterBar, TextFilter } from '@/components/data-table/filter-bar';
import { Badge } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { listCategories } from '@/db/queries/catalog-categories';
import { ATTRIBUTE_TYPE_LABELS } from '@/lib/catalog/attributes';
import { formatDateTime } from '@/lib/format';
import { categoryList } from '@/lib/lists/catalog';
import { can } from '@/lib/permissions';
import { loadListViews } from '@/lib/server/views';
import { keepFields } from '@/lib/url-state';
import { ListViewsMenu } from '../../views/list-views';
import { requirePermission } from '@/lib/server/page-guard';
import { describeRules, rulesOf } from '@/lib/catalog/completeness';
import { CategoryEditor } from './category-editor';

export const metadata: Metadata = { title: 'Categories' };

type Row = Awaited<ReturnType<typeof listCategories>>[number];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export default async function CategoriesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission('catalog.read', '/catalog/categories');
  const raw = await searchParams;
  const state = categoryList.parse(raw);
  const views = await loadListViews('catalog.categories', me, raw, state);
  const categories = await listCategories(await getDb(), { q: state.filters.q, sort: state.sort });
  const canWrite = can(me.role, 'catalog.write');
  const columns: Column<Row>[] = [
    { key: 'name', label: 'Name', sortable: true, className: 'font-medium', cell: (c) => c.name },
    {
      key: 'attributes',
      label: 'Attributes',
      cell: (c) => (
        <span title={c.attributeDefs.map((d) => d.label).join(', ')}>
          {plural(c.attributeDefs.length, 'attribute')}
        </span>
      ),
    },
    { key: 'products', label: 'Products', align: 'right', cell: (c) => c.productCount },
    {
      key: 'changed',
      label: 'Changed',
      sortable: true,
      hideBelow: 'md',
      className: 'text-zinc-600 dark:text-zinc-400',
      cell: (c) => formatDateTime(c.updatedAt),
    },
    {
      key: 'edit',
      label: canWrite ? 'Edit' : 'Attributes in detail',
      srOnly: true,
      cell: (c) => (
        <details>
          <summary className="cursor-pointer text-sm text-brand-700 hover:underline dark:text-brand-100">
            {canWrite ? `Edit ${c.name}` : `Attributes of ${c.name}`}
          </summary>
          <div className="mt-4 min-w-72 sm:min-w-[36rem]">
            {canWrite ? (
              <CategoryEditor category={c} />
            ) : (
              <>
                <ul className="space-y-1 text-sm">
                  {c.attributeDefs.map((d) => (
                    <li key={d.key}>
                      <span className="font-medium">{d.label}</span> <Badge>{ATTRIBUTE_TYPE_LABELS[d.type]}</Badge>{' '}
                      {d.unit && <span className="text-zinc-600 dark:text-zinc-400">({d.unit})</span>}{' '}
                      {d.options && <span className="text-zinc-600 dark:text-zinc-400">{d.options.join(', ')}</span>}
                    </li>
                  ))}
                </ul>
                <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400" data-testid="category-rules">
                  Completeness:{' '}
                  {Object.entries(describeRules(rulesOf(c.completenessRules)))
                    .map(([k, v]) => `${k}: ${v}`)
                    .join('; ')}
                </p>
              </>
            )}
          </div>
        </details>
      ),
    },
  ];
  return (
    <>
      <PageHeader
        title="Categories"
        description="Each category defines the attributes its products carry (fabric, season, inseam…). Changes apply at once, without a migration; products are checked against them when next saved."
        actions={
          <a
            href={`/api/catalog/categories${categoryList.query(state)}`}
            className={buttonClass('secondary')}
            data-testid="categories-csv"
          >
            Export CSV
          </a>
        }
      />
      <ListViewsMenu views={views} />
      {canWrite && (
        <Card className="mb-6 p-5">
          <h2 className="mb-3 text-base font-semibold">New category</h2>
          <CategoryEditor />
        </Card>
      )}
      <FilterBar label="Filter categories" keep={keepFields(categoryList, state)}>
        <TextFilter label="Search" name="q" value={state.filters.q} placeholder="Category name" />
      </FilterBar>
      <DataTable
        label="Categories"
        testId="category-list"
        columns={columns}
        visible={state.columns}
        required={categoryList.required}
        rows={categories}
        rowKey={(c) => c.id}
        rowTestId={(c) => `category-${c.name}`}
        sort={state.sort}
        sortHref={(sort) => categoryList.href(state, { sort })}
        params={toSearchParams(raw)}
        toolbar={`${categories.length} ${categories.length === 1 ? 'category' : 'categories'}`}
        empty={
          state.filters.q
            ? {
                title: 'No categories match this search',
                body: 'Try a shorter name.',
                action: (
                  <Link className={buttonClass('secondary')} href="/catalog/categories?view=none">
                    Clear search
                  </Link>
                ),
              }
            : {
                title: 'No categories yet',
                body: canWrite ? 'Create the first category above.' : 'Merchandisers have not added categories yet.',
              }
        }
      />
    </>
  );
}
