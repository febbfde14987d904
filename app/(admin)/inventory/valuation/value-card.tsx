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
      <LocationValues className="mt-3" testId="stock-value" totalLabel="Total" value={value} />
      {uncosted > 0 && (
        <p className="mt-3 text-xs text-amber-800 dark:text-amber-300">
          {uncosted.toLocaleString('en')} stock level{uncosted === 1 ? ' has' : 's have'} no cost yet and count as 0:
          set unit costs on their SKUs and receive at a cost.
        </p>
      )}
    </Card>
  );
}

/**
 * Stock value per location and in total, as terms of a list: the inventory home's card and the valuation page
 * (as of a date). Test ids: `<testId>` on the list, `<testId>-total`, `<testId>-<location code>`.
 */
export function LocationValues({
  value,
  totalLabel,
  testId,
  className,
  unitsBelow = false,
}: {
  value: { locations: LocationValue[]; total: number };
  totalLabel: string;
  testId: string;
  className: string;
  /** The unit count under each location's value rather than beside it. */
  unitsBelow?: boolean;
}) {
  return (
    <dl className={`${className} grid grid-cols-2 gap-x-6 gap-y-3 sm:grid-cols-4`} data-testid={testId}>
      <div>
        <dt className="text-xs uppercase tracking-wide text-zinc-600 dark:text-zinc-400">{totalLabel}</dt>
        <dd className="text-xl font-semibold tabular-nums" data-testid={`${testId}-total`}>
          {money(value.total)}
        </dd>
      </div>
      {value.locations.map((l) => (
        <div key={l.locationId}>
          <dt className="text-xs uppercase tracking-wide text-zinc-600 dark:text-zinc-400">{l.name}</dt>
          <dd className="tabular-nums" data-testid={`${testId}-${l.code}`}>
            {money(l.value)}
            <span className={`${unitsBelow ? 'block' : 'ml-1'} text-xs text-zinc-600 dark:text-zinc-400`}>
              {l.units.toLocaleString('en')} units
            </span>
          </dd>
        </div>
      ))}
    </dl>
  );
}
