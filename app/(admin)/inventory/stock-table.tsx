import Link from 'next/link';
import type { Column } from '@/components/data-table/data-table';
import { ProductThumb } from '@/components/product-thumb';
import { DataTable } from '@/components/data-table/data-table';
import { Badge } from '@/components/ui/badge';
import type { StockRow } from '@/db/queries/inventory-read';
import { isLowStock } from '@/lib/inventory/rules';

type Thumbs = Map<string, { url: string; alt: string }>;

/**
 * The stock list's columns (keys as in lib/lists/inventory.ts); the stock list and a SKU's page share them.
 * `thumbs` (variant id → its primary image) adds a thumbnail beside each SKU.
 */
export function stockColumns(thumbs?: Thumbs): Column<StockRow>[] {
  return [
    {
      key: 'sku',
      label: 'SKU',
      sortable: true,
      cell: (r) => (
        <div className="flex items-center gap-3">
          {thumbs && <ProductThumb thumb={thumbs.get(r.variantId)} size={32} label={r.sku} />}
          <div>
            <Link
              href={`/inventory/skus/${r.variantId}`}
              className="font-medium text-brand-700 hover:underline dark:text-brand-100"
            >
              {r.sku}
            </Link>
            <div className="text-xs text-zinc-500 dark:text-zinc-400">{r.product}</div>
          </div>
        </div>
      ),
    },
    {
      key: 'location',
      label: 'Location',
      cell: (r) => (
        <>
          {r.location} {!r.locationActive && <Badge tone="neutral">inactive</Badge>}
        </>
      ),
    },
    {
      key: 'onHand',
      label: 'On hand',
      align: 'right',
      sortable: true,
      cell: (r) => <span data-testid="on-hand">{r.onHand}</span>,
    },
    { key: 'reserved', label: 'Reserved', align: 'right', cell: (r) => r.reserved },
    {
      key: 'available',
      label: 'Available',
      align: 'right',
      sortable: true,
      cell: (r) => (
        <span data-testid="available">
          {r.available} {isLowStock(r) && <Badge tone="amber">low</Badge>}
        </span>
      ),
    },
    {
      key: 'incoming',
      label: 'Incoming',
      align: 'right',
      cell: (r) => <span data-testid="incoming">{r.incoming || '—'}</span>,
    },
    { key: 'reorderPoint', label: 'Reorder at', align: 'right', cell: (r) => r.reorderPoint || '—' },
  ];
}

/** A SKU's levels at every location (its own page: no SKU column, no sorting). */
export function StockTable({ rows, perSku = false }: { rows: StockRow[]; perSku?: boolean }) {
  return (
    <DataTable
      label="Stock levels"
      testId="stock-table"
      columns={perSku ? stockColumns().filter((c) => c.key !== 'sku') : stockColumns()}
      rows={rows}
      rowKey={(r) => r.id}
      rowTestId={(r) => `stock-${r.sku}-${r.locationCode}`}
      empty={{ title: 'No stock levels' }}
    />
  );
}
