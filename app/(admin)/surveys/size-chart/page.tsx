import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { getGarmentCategories, getSizeChart, listCategoryNames } from '@/db/queries/size-chart';
import { requirePermission } from '@/lib/server/page-guard';
import { GARMENT_LABELS, GARMENT_TYPES } from '@/lib/surveys/size-chart';
import { CategoriesForm, SizesEditor } from './size-chart-forms';

export const metadata: Metadata = { title: 'Size chart' };

export default async function SizeChartPage() {
  await requirePermission('surveys.manage', '/surveys/size-chart');
  const db = await getDb();
  const chart = await getSizeChart(db);
  const mapping = await getGarmentCategories(db);
  const categories = await listCategoryNames(db);
  return (
    <>
      <PageHeader
        title="Size chart"
        description="The sizes customers pick from in survey size questions, per garment type, and which catalog categories count as that garment's stock in the size demand view."
      />
      <p
        className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-200"
        data-testid="chart-scope"
      >
        Size changes apply to drafts in the builder, to surveys published from now on and to the{' '}
        <Link href="/surveys/demand" className="font-medium underline">
          size demand
        </Link>{' '}
        view. Published versions keep the sizes they were published with, so answers already given stay valid; publish a
        survey again to offer the new sizes. The code is what answers and profiles store: renaming a code does not
        change earlier answers, so to change only what customers see, edit the label.
      </p>
      <div className="grid gap-4 lg:grid-cols-3">
        {GARMENT_TYPES.map((g) => (
          <Card key={g} className="p-4">
            <section aria-labelledby={`garment-${g}`} data-testid={`garment-${g}`}>
              <h2 id={`garment-${g}`} className="mb-3 text-base font-semibold">
                {GARMENT_LABELS[g]}
              </h2>
              <SizesEditor garment={g} label={GARMENT_LABELS[g]} initial={chart[g]} />
              <CategoriesForm garment={g} label={GARMENT_LABELS[g]} categories={categories} chosen={mapping[g]} />
            </section>
          </Card>
        ))}
      </div>
    </>
  );
}
