import type { Metadata } from 'next';
import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { inputClass, RecordSelect } from '@/components/ui/field';
import { EmptyState } from '@/components/ui/empty-state';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { listLocations } from '@/db/queries/inventory-ops';
import { variantThumbs } from '@/db/queries/catalog-images';
import { listStock } from '@/db/queries/inventory-read';
import { requirePermission } from '@/lib/server/page-guard';
import { FilterBar } from '../filter-bar';
import { pageLinks, parseStockParams } from '../search-params';
import { StockTable } from '../stock-table';

export const metadata: Metadata = { title: 'Inventory' };

export default async function InventoryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission('inventory.manage', '/inventory');
  const params = parseStockParams(await searchParams);
  const db = await getDb();
  const [locations, stock] = await Promise.all([listLocations(db), listStock(db, params)]);
  const thumbs = await variantThumbs(db, [...new Set(stock.rows.map((r) => r.variantId))]);
  const links = pageLinks('/inventory', { location: params.locationId, q: params.q, low: params.low }, stock);
  return (
    <>
      <PageHeader
        title="Inventory"
        description="Stock per SKU and location. Available = on hand − reserved; incoming counts open purchase orders and transfers in transit."
        actions={
          <Link href="/inventory/count" className={buttonClass('secondary')}>
            Cycle count
          </Link>
        }
      />
      <FilterBar label="Filter stock">
        <label className="text-sm">
          <span className="mb-1 block font-medium">SKU starts with</span>
          <input name="q" defaultValue={params.q ?? ''} className={inputClass} placeholder="DRS-" />
        </label>
        <RecordSelect label="Location" name="location" records={locations.map((l) => ({ id: l.id, name: l.active ? l.name : `${l.name} (inactive)` }))} allLabel="All locations" defaultValue={params.locationId ?? ''} />
        <label className="flex items-center gap-2 pb-2 text-sm">
          <input type="checkbox" name="low" value="1" defaultChecked={params.low} /> Low stock only
        </label>
      </FilterBar>
      {stock.rows.length === 0 ? (
        <EmptyState title="No stock levels match">
          {locations.length === 0 ? 'Add a location below, then receive stock from a purchase order.' : 'Change the filters, or receive stock from a purchase order.'}
        </EmptyState>
      ) : (
        <Card className="overflow-hidden">
          <StockTable rows={stock.rows} thumbs={thumbs} />
          <nav className="flex items-center justify-between border-t border-zinc-200 px-4 py-2 text-sm dark:border-zinc-800" aria-label="Pages">
            <span className="text-zinc-500">Page {stock.page}</span>
            <span className="flex gap-2">
              {links.prev && <Link className={buttonClass('ghost')} href={links.prev}>Previous</Link>}
              {links.next && <Link className={buttonClass('ghost')} href={links.next}>Next</Link>}
            </span>
          </nav>
        </Card>
      )}
      <Card className="mt-6 p-5">
        <h2 className="mb-1 text-base font-semibold">Locations</h2>
        <p className="mb-3 text-sm text-zinc-500 dark:text-zinc-400">
          {locations.map((l) => `${l.code} · ${l.name}${l.active ? '' : ' (inactive)'}`).join(' — ') || 'None yet.'}
        </p>
        <Link href="/inventory/locations" className="text-sm text-brand-700 hover:underline dark:text-brand-100">
          Add, edit or deactivate locations
        </Link>
      </Card>
    </>
  );
}
