import Link from 'next/link';
import { Card } from '@/components/ui/page-header';
import type { LocationValue } from '@/db/queries/inventory-valuation';
import { formatValue } from '@/lib/inventory/valuation';

const money = (cents: number) => formatValue(cents);

/** Stock value now, per location and in total (inventory home). */
export function StockValueCard({ value }: { value: { locations: LocationValue[]; total: number } }) {
  const uncosted = value.locations.reduce((s, l) => s + l.uncosted, 0);
  return (
    <Card className="mb-6 p-5">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h2 className="text-base font-semibold">Stock value</h2>
        <Link
          href="/inventory/valuation"
          className="text-sm text-brand-700 hover:underline dark:text-brand-100"
          data-testid="valuation-link"
        >
          Valuation as of a date
        </Link>
      </div>
      <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-3 sm:grid-cols-4" data-testid="stock-value">
        <div>
          <dt className="text-xs uppercase tracking-wide text-zinc-600 dark:text-zinc-400">Total</dt>
          <dd className="text-xl font-semibold tabular-nums" data-testid="stock-value-total">
            {money(value.total)}
          </dd>
        </div>
        {value.locations.map((l) => (
          <div key={l.locationId}>
            <dt className="text-xs uppercase tracking-wide text-zinc-600 dark:text-zinc-400">{l.name}</dt>
            <dd className="tabular-nums" data-testid={`stock-value-${l.code}`}>
              {money(l.value)}
              <span className="ml-1 text-xs text-zinc-600 dark:text-zinc-400">
                {l.units.toLocaleString('en')} units
              </span>
            </dd>
          </div>
        ))}
      </dl>
      {uncosted > 0 && (
        <p className="mt-3 text-xs text-amber-800 dark:text-amber-300">
          {uncosted.toLocaleString('en')} stock level{uncosted === 1 ? ' has' : 's have'} no cost yet and count as 0:
          set unit costs on their SKUs and receive at a cost.
        </p>
      )}
    </Card>
  );
}
