import Link from 'next/link';
import { ProductThumb } from '@/components/product-thumb';
import { Badge } from '@/components/ui/badge';
import type { StockRow } from '@/db/queries/inventory-read';
import { isLowStock } from '@/lib/inventory/rules';

/** Stock levels as a table; `perSku` hides the SKU column on a SKU's own page. */
export function StockTable({ rows, perSku = false, thumbs }: { rows: StockRow[]; perSku?: boolean; thumbs?: Map<string, { url: string; alt: string }> }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="stock-table">
        <thead className="bg-zinc-50 text-left text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-800/50 dark:text-zinc-400">
          <tr>
            {!perSku && <th className="px-4 py-2">SKU</th>}
            <th className="px-4 py-2">Location</th>
            <th className="px-4 py-2 text-right">On hand</th>
            <th className="px-4 py-2 text-right">Reserved</th>
            <th className="px-4 py-2 text-right">Available</th>
            <th className="px-4 py-2 text-right">Incoming</th>
            <th className="px-4 py-2 text-right">Reorder at</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {rows.map((r) => (
            <tr key={r.id} data-testid={`stock-${r.sku}-${r.locationCode}`}>
              {!perSku && (
                <td className="px-4 py-2">
                  <div className="flex items-center gap-3">
                    {thumbs && <ProductThumb thumb={thumbs.get(r.variantId)} size={32} label={r.sku} />}
                    <div>
                      <Link href={`/inventory/skus/${r.variantId}`} className="font-medium text-brand-700 hover:underline dark:text-brand-100">
                        {r.sku}
                      </Link>
                      <div className="text-xs text-zinc-500">{r.product}</div>
                    </div>
                  </div>
                </td>
              )}
              <td className="px-4 py-2">
                {r.location} {!r.locationActive && <Badge tone="neutral">inactive</Badge>}
              </td>
              <td className="px-4 py-2 text-right tabular-nums" data-testid="on-hand">{r.onHand}</td>
              <td className="px-4 py-2 text-right tabular-nums">{r.reserved}</td>
              <td className="px-4 py-2 text-right tabular-nums" data-testid="available">
                {r.available} {isLowStock(r) && <Badge tone="amber">low</Badge>}
              </td>
              <td className="px-4 py-2 text-right tabular-nums" data-testid="incoming">{r.incoming || '—'}</td>
              <td className="px-4 py-2 text-right tabular-nums">{r.reorderPoint || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
