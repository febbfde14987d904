import type { Metadata } from 'next';
import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { inputClass } from '@/components/ui/field';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { valuationRowsAsOf, valuationTotalsAsOf } from '@/db/queries/inventory-valuation';
import { formatValue, valuationCutoff } from '@/lib/inventory/valuation';
import { requirePermission } from '@/lib/server/page-guard';
import { LocationValues } from './value-card';

export const metadata: Metadata = { title: 'Valuation' };

const PAGE = 50;
const money = (cents: number) => formatValue(cents);
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * Stock value as of the end of a day, computed from the movement ledger only (on hand summed from the movements
 * before the cut, each SKU at the average its last receipt before the cut recorded), never from today's levels.
 */
export default async function ValuationPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePermission('inventory.manage', '/inventory/valuation');
  const raw = await searchParams;
  const cut = valuationCutoff(one(raw.at));
  const after = Number(one(raw.after) ?? 0);
  const db = await getDb();
  const [totals, rows] = await Promise.all([
    valuationTotalsAsOf(db, cut.before),
    valuationRowsAsOf(db, cut.before, { after: Number.isSafeInteger(after) && after > 0 ? after : 0, limit: PAGE }),
  ]);
  const uncosted = totals.locations.reduce((s, l) => s + l.uncosted, 0);
  const next = rows.length === PAGE ? rows[rows.length - 1]!.levelId : null;
  return (
    <>
      <PageHeader
        title="Valuation"
        description="Stock value at the end of a day (UTC), rebuilt from the movement ledger: on hand then × each SKU's moving-average cost then."
        actions={
          <a
            href={`/api/inventory/valuation?at=${cut.date}`}
            className={buttonClass('secondary')}
            data-testid="valuation-csv"
          >
            Export CSV
          </a>
        }
      />
      <Card className="mb-6 p-5">
        <form method="get" className="flex flex-wrap items-end gap-3" aria-label="Valuation date">
          <label className="text-sm">
            <span className="mb-1 block font-medium">As of the end of</span>
            <input
              type="date"
              name="at"
              defaultValue={cut.date}
              className={inputClass}
              aria-invalid={cut.error ? true : undefined}
              aria-describedby={cut.error ? 'at-error' : undefined}
              data-testid="valuation-date"
            />
          </label>
          <button type="submit" className={buttonClass('primary')}>
            Show
          </button>
          {cut.error && (
            <p id="at-error" className="w-full text-sm text-red-700 dark:text-red-400" role="alert">
              {cut.error} Showing {cut.date}.
            </p>
          )}
        </form>
        <LocationValues
          className="mt-5"
          testId="valuation"
          totalLabel={`Total on ${cut.date}`}
          value={totals}
          unitsBelow
        />
        {uncosted > 0 && (
          <p className="mt-3 text-xs text-amber-800 dark:text-amber-300">
            {uncosted.toLocaleString('en')} level{uncosted === 1 ? '' : 's'} had no costed receipt by then and count as
            0.
          </p>
        )}
      </Card>
      {rows.length === 0 ? (
        <EmptyState title={`No stock on ${cut.date}`}>
          No movements had put stock anywhere by the end of that day. Choose a later date.
        </EmptyState>
      ) : (
        <Card>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="valuation-table">
              <caption className="sr-only">Stock value per SKU and location on {cut.date}</caption>
              <thead className="border-b border-zinc-200 bg-zinc-50 text-xs uppercase tracking-wide text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900/60 dark:text-zinc-400">
                <tr>
                  <th scope="col" className="px-3 py-2 sm:px-4 font-medium">
                    SKU
                  </th>
                  <th scope="col" className="px-3 py-2 sm:px-4 font-medium">
                    Location
                  </th>
                  <th scope="col" className="px-3 py-2 sm:px-4 text-right font-medium">
                    On hand
                  </th>
                  <th scope="col" className="hidden px-3 py-2 sm:px-4 text-right font-medium sm:table-cell">
                    Average cost
                  </th>
                  <th scope="col" className="px-3 py-2 sm:px-4 text-right font-medium">
                    Value
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {rows.map((r) => (
                  <tr key={r.levelId} data-testid={`valuation-row-${r.sku}-${r.location}`}>
                    <td className="px-3 py-2 sm:px-4">
                      <span className="font-mono break-all">{r.sku}</span>
                      <span className="block text-xs text-zinc-600 dark:text-zinc-400">{r.product}</span>
                    </td>
                    <td className="px-3 py-2 sm:px-4">{r.location}</td>
                    <td className="px-3 py-2 sm:px-4 text-right tabular-nums">{r.onHand}</td>
                    <td className="hidden px-3 py-2 sm:px-4 text-right tabular-nums sm:table-cell">
                      {r.avgCost === null ? '—' : formatValue(r.avgCost)}
                    </td>
                    <td className="px-3 py-2 sm:px-4 text-right tabular-nums">{money(r.value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav
            aria-label="Valuation pages"
            className="flex justify-end gap-3 border-t border-zinc-200 p-3 dark:border-zinc-800"
          >
            {after > 0 && (
              <Link href={`/inventory/valuation?at=${cut.date}`} className={buttonClass('secondary')}>
                First page
              </Link>
            )}
            {next !== null && (
              <Link href={`/inventory/valuation?at=${cut.date}&after=${next}`} className={buttonClass('secondary')}>
                Next
              </Link>
            )}
          </nav>
        </Card>
      )}
    </>
  );
}
