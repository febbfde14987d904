import type { Metadata } from 'next';
import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { loadBulkGrid } from '@/db/queries/catalog-bulk-edit';
import { isFiltered } from '@/db/queries/catalog-list';
import { BULK_MAX_ROWS } from '@/lib/catalog/bulk-edit';
import { catalogList, catalogQueryOf } from '@/lib/lists/catalog';
import { requirePermission } from '@/lib/server/page-guard';
import { BulkGrid } from './bulk-grid';

export const metadata: Metadata = { title: 'Bulk edit variants' };

export default async function BulkEditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePermission('catalog.write', '/catalog/bulk-edit');
  // The same URL state as the catalog list: "bulk edit" from a filtered list edits exactly those products.
  const state = catalogList.parse(await searchParams);
  const query = catalogQueryOf(state);
  const grid = await loadBulkGrid(await getDb(), query);
  const back = catalogList.href(state, {}, { page: undefined });
  return (
    <>
      <PageHeader
        title="Bulk edit variants"
        description={`Variants of the products ${isFiltered(query) ? 'matching the catalog filter' : 'in the catalog'}. Arrows move, Enter edits, paste a block from a spreadsheet, Ctrl+D fills down, Ctrl+Z undoes; nothing is saved until you save.`}
        actions={
          <Link className={buttonClass('secondary')} href={back}>
            Back to the list
          </Link>
        }
      />
      {grid.truncated && (
        <p
          className="mb-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
          data-testid="bulk-truncated"
        >
          More than {BULK_MAX_ROWS.toLocaleString('en')} variants match: the grid shows the first{' '}
          {BULK_MAX_ROWS.toLocaleString('en')}. Narrow the filter to edit the others.
        </p>
      )}
      {grid.rows.length === 0 ? (
        <Card className="p-6">
          <EmptyState
            title="No variants to edit"
            action={
              <Link className={buttonClass('secondary')} href={back}>
                Back to the list
              </Link>
            }
          >
            No product matching this filter has variants yet. Widen the filter, or add variants on a product page.
          </EmptyState>
        </Card>
      ) : (
        <BulkGrid grid={grid} />
      )}
    </>
  );
}
