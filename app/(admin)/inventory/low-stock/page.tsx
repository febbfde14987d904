import type { Metadata } from 'next';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { RecordSelect } from '@/components/ui/field';
import { EmptyState } from '@/components/ui/empty-state';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { listLocations } from '@/db/queries/inventory-ops';
import { listLowStock } from '@/db/queries/inventory-read';
import { requirePermission } from '@/lib/server/page-guard';
import { FilterBar } from '../filter-bar';
import { pageLinks, parseStockParams } from '../search-params';

export const metadata: Metadata = { title: 'Low stock' };

export default async function LowStockPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission('inventory.manage', '/inventory/low-stock');
  const params = parseStockParams(await searchParams);
  const db = await getDb();
  const [locations, low] = await Promise.all([listLocations(db), listLowStock(db, { locationId: params.locationId, page: params.page, after: params.after, before: params.before })]);
  const links = pageLinks('/inventory/low-stock', { location: params.locationId }, low);
  return (
    <>
      <PageHeader title="Low stock" description="SKUs at or below their reorder point, per location, with what is already incoming and a suggested order quantity." />
      <FilterBar label="Filter low stock">
        <RecordSelect label="Location" name="location" records={locations} allLabel="All locations" defaultValue={params.locationId ?? ''} />
      </FilterBar>
      {low.rows.length === 0 ? (
        <EmptyState title="Nothing is low">No SKU is at or below its reorder point{params.locationId ? ' here' : ''}.</EmptyState>
      ) : (
        <Card className="overflow-x-auto">
          <table className="w-full text-sm" data-testid="low-stock-table">
            <thead className="bg-zinc-50 text-left text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-800/50 dark:text-zinc-400">
              <tr>
                <th className="px-4 py-2">SKU</th>
                <th className="px-4 py-2">Location</th>
                <th className="px-4 py-2 text-right">Available</th>
                <th className="px-4 py-2 text-right">Reorder at</th>
                <th className="px-4 py-2 text-right">Incoming</th>
                <th className="px-4 py-2 text-right">Suggested order</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {low.rows.map((r) => (
                <tr key={r.id} data-testid={`low-${r.sku}-${r.locationCode}`}>
                  <td className="px-4 py-2">
                    <Link href={`/inventory/skus/${r.variantId}`} className="font-medium text-brand-700 hover:underline dark:text-brand-100">
                      {r.sku}
                    </Link>
                  </td>
                  <td className="px-4 py-2">
                    {r.location} {!r.locationActive && <Badge tone="neutral">inactive</Badge>}
                  </td>
                  <td className="px-4 py-2 text-right tabular-nums">{r.available}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{r.reorderPoint}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{r.incoming || '—'}</td>
                  <td className="px-4 py-2 text-right font-medium tabular-nums">{r.suggested || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {(links.prev || links.next) && (
            <nav className="flex justify-end gap-2 border-t border-zinc-200 px-4 py-2 dark:border-zinc-800" aria-label="Pages">
              {links.prev && <Link className={buttonClass('ghost')} href={links.prev}>Previous</Link>}
              {links.next && <Link className={buttonClass('ghost')} href={links.next}>Next</Link>}
            </nav>
          )}
        </Card>
      )}
    </>
  );
}
