import Link from 'next/link';
import type { Column } from '@/components/data-table/data-table';
import { ProductThumb } from '@/components/product-thumb';
import { DataTable } from '@/components/data-table/data-table';
import { Badge } from '@/components/ui/badge';
import type { StockRow } from '@/db/queries/inventory-read';
import { isOverdue } from '@/lib/inventory/replenishment';
import { isLowStock } from '@/lib/inventory/rules';

const linkClass = 'text-brand-700 hover:underline dark:text-brand-100';

/** Today as the expected dates are written (YYYY-MM-DD, UTC, as drafting computes them). */
export const todayUtc = () => new Date().toISOString().slice(0, 10);

/**
 * The next incoming stock of a level: a link to its purchase order (with the expected date, "overdue" in words
 * when it has passed) or to its transfer in transit; a dash when nothing is expected.
 */
export function NextIncoming({ row, today }: { row: Pick<StockRow, 'next' | 'sku' | 'locationCode'>; today: string }) {
  const n = row.next;
  if (!n) return <span className="text-zinc-500 dark:text-zinc-400">—</span>;
  const testId = `next-${row.sku}-${row.locationCode}`;
  if (n.kind === 'transfer')
    return (
      <span data-testid={testId}>
        <Link href={`/inventory/transfers?status=in_transit&before=${n.number + 1}`} className={linkClass}>
          T-{n.number}
        </Link>{' '}
        <span className="text-zinc-600 dark:text-zinc-400">in transit</span>
      </span>
    );
  const overdue = isOverdue(n.expectedAt, today);
  return (
    <span data-testid={testId} className="whitespace-nowrap">
      <Link href={`/inventory/purchase-orders/${n.id}`} className={linkClass}>
        PO-{n.number}
      </Link>{' '}
      <span className="text-zinc-600 dark:text-zinc-400">{n.expectedAt ? `due ${n.expectedAt}` : 'no date'}</span>
      {overdue && (
        <>
          {' '}
          <Badge tone="red">overdue</Badge>
        </>
      )}
    </span>
  );
}

type Thumbs = Map<string, { url: string; alt: string }>;

/**
 * The stock list's columns (keys as in lib/lists/inventory.ts); the stock list and a SKU's page share them.
 * `thumbs` (variant id → its primary image) adds a thumbnail beside each SKU.
 */
export function stockColumns(thumbs?: Thumbs, today = todayUtc()): Column<StockRow>[] {
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
    { key: 'expected', label: 'Next expected', cell: (r) => <NextIncoming row={r} today={today} /> },
    { key: 'reorderPoint', label: 'Reorder at', align: 'right', cell: (r) => r.reorderPoint || '—' },
  ];
}

/** Sales over the velocity window and how long the stock lasts at that pace (a SKU's page). */
const salesColumns: Column<StockRow>[] = [
  {
    key: 'velocity',
    label: 'Sold/day',
    align: 'right',
    cell: (r) => (
      <span data-testid="velocity" title={`${r.sold} sold in the last ${r.windowDays} days`}>
        {r.velocity === 0 ? '—' : r.velocity.toFixed(1)}
      </span>
    ),
  },
  {
    key: 'cover',
    label: 'Cover (days)',
    align: 'right',
    cell: (r) => <span data-testid="cover">{r.cover === null ? 'not selling' : Math.floor(r.cover)}</span>,
  },
];

/** A SKU's levels at every location (its own page: no SKU column, no sorting). */
export function StockTable({ rows, perSku = false }: { rows: StockRow[]; perSku?: boolean }) {
  return (
    <DataTable
      label="Stock levels"
      testId="stock-table"
      columns={
        perSku
          ? [
              // The reorder point is in the rules card below; the freed width shows sales.
              ...stockColumns().filter((c) => c.key !== 'sku' && c.key !== 'reorderPoint'),
              ...salesColumns,
            ]
          : stockColumns()
      }
      rows={rows}
      rowKey={(r) => r.id}
      rowTestId={(r) => `stock-${r.sku}-${r.locationCode}`}
      empty={{ title: 'No stock levels' }}
    />
  );
}
