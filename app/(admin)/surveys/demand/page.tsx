import type { Metadata } from 'next';
import Link from 'next/link';
import { EmptyState } from '@/components/ui/empty-state';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { getDemandVsStock } from '@/db/queries/customers';
import { requirePermission } from '@/lib/server/page-guard';
import { SHORTFALL_MARGIN } from '@/lib/surveys/demand';
import { getGarmentCategories } from '@/db/queries/size-chart';
import { GARMENT_LABELS, GARMENT_TYPES, isGarmentType } from '@/lib/surveys/size-chart';

export const metadata: Metadata = { title: 'Size demand vs stock' };

const pct = (x: number) => `${Math.round(x * 100)}%`;

export default async function DemandPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePermission('surveys.manage', '/surveys/demand');
  const sp = await searchParams;
  const garment = isGarmentType(sp.garment) ? sp.garment : 'tops';
  const verifiedOnly = sp.basis === 'verified';
  const db = await getDb();
  const view = await getDemandVsStock(db, garment, { verifiedOnly });
  const href = (g: string, verified: boolean) => `/surveys/demand?garment=${g}${verified ? '&basis=verified' : ''}`;
  const mapping = await getGarmentCategories(db);
  return (
    <>
      <PageHeader
        title="Size demand vs stock"
        description={`Share of customers whose profile prefers each size, beside the share of available units (on hand − reserved, all locations). Sizes are flagged when demand outruns stock by more than ${Math.round(SHORTFALL_MARGIN * 100)} points or nothing is available.`}
      />
      <nav aria-label="Garment type" className="mb-4 flex gap-2">
        {GARMENT_TYPES.map((g) => (
          <Link
            key={g}
            href={href(g, verifiedOnly)}
            aria-current={g === garment ? 'page' : undefined}
            className={`rounded-full px-3 py-1 text-sm font-medium ${g === garment ? 'bg-brand-600 text-white' : 'bg-zinc-100 text-zinc-700 hover:bg-zinc-200 dark:bg-zinc-800 dark:text-zinc-300'}`}
          >
            {GARMENT_LABELS[g]}
          </Link>
        ))}
      </nav>
      <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
        {GARMENT_LABELS[garment]} stock counts variants in the categories{' '}
        {mapping[garment].join(', ') || '(none chosen)'} whose size matches the{' '}
        <Link href="/surveys/size-chart" className="font-medium text-brand-700 underline dark:text-brand-100">
          size chart
        </Link>
        . {view.customers} customer{view.customers === 1 ? '' : 's'} with a preferred size ·{' '}
        {view.units.toLocaleString('en')} units available.
      </p>
      <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400" data-testid="demand-basis">
        {verifiedOnly ? (
          <>Counting only sizes given through customers’ personal links (verified). </>
        ) : (
          <>
            Counting each customer’s size as their profile shows it: the one given through their personal link
            (verified) when there is one, else one given with only a typed email (unverified: anyone could have typed
            it). {view.unverified} of these {view.customers} sizes are unverified.{' '}
          </>
        )}
        <Link href={href(garment, !verifiedOnly)} className="font-medium text-brand-700 underline dark:text-brand-100">
          {verifiedOnly ? 'Count unverified sizes too' : 'Count verified sizes only'}
        </Link>
      </p>
      {view.customers === 0 && view.units === 0 ? (
        <EmptyState title="Nothing to compare yet">
          No customer has a preferred {GARMENT_LABELS[garment].toLowerCase()} size and no stock is mapped to this
          garment type.
        </EmptyState>
      ) : (
        <Card className="overflow-x-auto p-4">
          <table className="w-full text-sm" data-testid="demand-table">
            <caption className="sr-only">Demand and stock share per size</caption>
            <thead className="text-left text-xs uppercase tracking-wide text-zinc-500">
              <tr>
                <th className="py-2 pr-4">Size</th>
                <th className="py-2 pr-4 text-right">Customers</th>
                <th
                  className="py-2 pr-4 text-right"
                  title="Sizes given with only a typed email (not through the customer’s personal link)"
                >
                  of which unverified
                </th>
                <th className="w-1/3 py-2 pr-4">Demand share vs stock share</th>
                <th className="py-2 pr-4 text-right">Available</th>
                <th className="py-2">Status</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {view.rows.map((r) => (
                <tr
                  key={r.size}
                  data-testid={`demand-${r.size}`}
                  data-short={r.short ? 'true' : 'false'}
                  className={r.short ? 'bg-red-50/60 dark:bg-red-950/30' : ''}
                >
                  <th scope="row" className="py-2 pr-4 font-medium">
                    {r.size}
                  </th>
                  <td className="py-2 pr-4 text-right tabular-nums">{r.customers}</td>
                  <td
                    className="py-2 pr-4 text-right tabular-nums text-zinc-500"
                    data-testid={`demand-unverified-${r.size}`}
                  >
                    {r.unverified}
                  </td>
                  <td className="py-2 pr-4">
                    <div className="grid gap-1" aria-label={`Demand ${pct(r.demandShare)}, stock ${pct(r.stockShare)}`}>
                      <Bar value={r.demandShare} className="bg-brand-500" label={`Demand ${pct(r.demandShare)}`} />
                      <Bar value={r.stockShare} className="bg-emerald-500" label={`Stock ${pct(r.stockShare)}`} />
                    </div>
                  </td>
                  <td className="py-2 pr-4 text-right tabular-nums">{r.available.toLocaleString('en')}</td>
                  <td className="py-2">
                    {r.short ? (
                      <span className="font-medium text-red-700 dark:text-red-400">Demand outruns stock</span>
                    ) : (
                      <span className="text-zinc-500">OK</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </>
  );
}

function Bar({ value, className, label }: { value: number; className: string; label: string }) {
  return (
    <div className="flex items-center gap-2 text-xs">
      <div className="h-2.5 flex-1 rounded bg-zinc-100 dark:bg-zinc-800">
        <div className={`h-2.5 rounded ${className}`} style={{ width: `${Math.round(value * 100)}%` }} />
      </div>
      <span className="w-24 whitespace-nowrap tabular-nums text-zinc-600 dark:text-zinc-400">{label}</span>
    </div>
  );
}
