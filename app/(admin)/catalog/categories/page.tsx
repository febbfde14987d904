import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/empty-state';
import { Badge } from '@/components/ui/badge';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { listCategories } from '@/db/queries/catalog-categories';
import { ATTRIBUTE_TYPE_LABELS } from '@/lib/catalog/attributes';
import { can } from '@/lib/permissions';
import { requirePermission } from '@/lib/server/page-guard';
import { describeRules, rulesOf } from '@/lib/catalog/completeness';
import { CategoryEditor } from './category-editor';

export const metadata: Metadata = { title: 'Categories' };

export default async function CategoriesPage() {
  const me = await requirePermission('catalog.read', '/catalog/categories');
  const categories = await listCategories(await getDb());
  const canWrite = can(me.role, 'catalog.write');
  return (
    <>
      <PageHeader
        title="Categories"
        description="Each category defines the attributes its products carry (fabric, season, inseam…). Changes apply at once, without a migration; products are checked against them when next saved."
      />
      {canWrite && (
        <Card className="mb-6 p-5">
          <h2 className="mb-3 text-base font-semibold">New category</h2>
          <CategoryEditor />
        </Card>
      )}
      {categories.length === 0 ? (
        <EmptyState title="No categories yet">
          {canWrite ? 'Create the first category above.' : 'Merchandisers have not added categories yet.'}
        </EmptyState>
      ) : (
        <div className="space-y-3" data-testid="category-list">
          {categories.map((c) => (
            <Card key={c.id} className="p-5">
              <details>
                <summary className="flex cursor-pointer flex-wrap items-baseline justify-between gap-2">
                  <span className="font-semibold">{c.name}</span>
                  <span className="text-sm text-zinc-500">
                    {c.attributeDefs.length} attribute{c.attributeDefs.length === 1 ? '' : 's'} · {c.productCount}{' '}
                    product{c.productCount === 1 ? '' : 's'}
                  </span>
                </summary>
                <div className="mt-4">
                  {canWrite ? (
                    <CategoryEditor category={c} />
                  ) : (
                    <>
                      <ul className="space-y-1 text-sm">
                        {c.attributeDefs.map((d) => (
                          <li key={d.key}>
                            <span className="font-medium">{d.label}</span>{' '}
                            <Badge>{ATTRIBUTE_TYPE_LABELS[d.type]}</Badge>{' '}
                            {d.unit && <span className="text-zinc-500">({d.unit})</span>}{' '}
                            {d.options && <span className="text-zinc-500">{d.options.join(', ')}</span>}
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
            </Card>
          ))}
        </div>
      )}
    </>
  );
}
