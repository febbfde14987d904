import type { Metadata } from 'next';
import { Card, PageHeader } from '@/components/ui/page-header';
import { BASE_COLUMNS, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from '@/lib/catalog/csv';
import { requirePermission } from '@/lib/server/page-guard';
import { ImportPanel } from './import-panel';

export const metadata: Metadata = { title: 'CSV import' };

export default async function ImportPage() {
  await requirePermission('catalog.write', '/catalog/import');
  return (
    <>
      <PageHeader
        title="CSV import"
        description="Create and update products and variants from a spreadsheet. Check the file first: nothing is written until every row is valid, and then everything is written at once."
      />
      <ImportPanel maxBytes={MAX_IMPORT_BYTES} />
      <Card className="mt-6 p-5 text-sm">
        <h2 className="mb-2 font-semibold">File format</h2>
        <ul className="list-disc space-y-1 pl-5 text-zinc-600 dark:text-zinc-400">
          <li>
            UTF-8 CSV (in a spreadsheet: “CSV UTF-8”), at most {MAX_IMPORT_BYTES / 1024 / 1024} MB and{' '}
            {MAX_IMPORT_ROWS.toLocaleString('en')} rows. The easiest template is an export from the Catalog page.
          </li>
          <li>
            Columns: <code className="text-xs">{BASE_COLUMNS.join(', ')}</code>, plus one{' '}
            <code className="text-xs">attr.&lt;key&gt;</code> column per attribute.
          </li>
          <li>
            One row per variant; the product columns repeat on each of its rows. Products are matched by slug, variants
            by SKU (ignoring case).
          </li>
          <li>Prices like 49.90; tags and multi-value attributes separated by |; active is yes or no.</li>
          <li>
            Cells starting with = + - or @ are refused (spreadsheet formulas); put a ' in front to keep such text.
          </li>
        </ul>
      </Card>
    </>
  );
}
