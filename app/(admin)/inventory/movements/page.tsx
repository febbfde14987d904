import type { Metadata } from 'next';
import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { inputClass, RecordSelect } from '@/components/ui/field';
import { EmptyState } from '@/components/ui/empty-state';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { listLocations } from '@/db/queries/inventory-ops';
import { findSku, listMovements } from '@/db/queries/inventory-read';
import { MOVEMENT_KIND_LABELS, MOVEMENT_KINDS } from '@/lib/inventory/constants';
import { requirePermission } from '@/lib/server/page-guard';
import { MovementList } from '../movement-list';
import { FilterBar } from '../filter-bar';
import { parseMovementParams, qs } from '../search-params';

export const metadata: Metadata = { title: 'Stock movements' };
const PAGE = 50;

export default async function MovementsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission('inventory.manage', '/inventory/movements');
  const params = parseMovementParams(await searchParams);
  const db = await getDb();
  const [locations, sku] = await Promise.all([listLocations(db), params.sku ? findSku(db, params.sku) : null]);
  const unknownSku = params.sku && !sku;
  const rows = unknownSku ? [] : await listMovements(db, { variantId: sku?.id, locationId: params.locationId, kind: params.kind, before: params.before, limit: PAGE });
  const filters = { sku: params.sku, location: params.locationId, kind: params.kind };
  return (
    <>
      <PageHeader
        title="Stock movements"
        description="The ledger: every change to stock, newest first. Rows are never edited; an undo is a new, opposite movement."
        actions={
          <a href={`/api/inventory/movements${qs(filters)}`} className={buttonClass('secondary')} data-testid="movements-csv">
            Export CSV
          </a>
        }
      />
      <FilterBar label="Filter movements">
        <label className="text-sm">
          <span className="mb-1 block font-medium">SKU</span>
          <input name="sku" defaultValue={params.sku ?? ''} className={inputClass} />
        </label>
        <RecordSelect label="Location" name="location" records={locations} allLabel="All locations" defaultValue={params.locationId ?? ''} />
        <label className="text-sm">
          <span className="mb-1 block font-medium">Kind</span>
          <select aria-label="Kind" name="kind" defaultValue={params.kind ?? ''} className={inputClass}>
            <option value="">All kinds</option>
            {MOVEMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {MOVEMENT_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
      </FilterBar>
      {rows.length === 0 ? (
        <EmptyState title={unknownSku ? `No SKU ${params.sku}` : 'No movements match'}>Change the filters.</EmptyState>
      ) : (
        <Card className="overflow-hidden">
          <MovementList rows={rows} now={new Date()} />
          {rows.length === PAGE && (
            <div className="border-t border-zinc-200 px-4 py-2 text-right dark:border-zinc-800">
              <Link className={buttonClass('ghost')} href={`/inventory/movements${qs({ ...filters, before: rows[rows.length - 1]!.id })}`}>
                Older →
              </Link>
            </div>
          )}
        </Card>
      )}
    </>
  );
}
