import type { Metadata } from 'next';
import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { inputClass } from '@/components/ui/field';
import { Card, PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { getDb } from '@/db/client';
import { listCustomerProfiles, profileFacets } from '@/db/queries/customers';
import { formatDateTime } from '@/lib/format';
import { requirePermission } from '@/lib/server/page-guard';
import { getSizeChart } from '@/db/queries/size-chart';
import { GARMENT_LABELS, GARMENT_TYPES } from '@/lib/surveys/size-chart';
import { customerQuery, parseCustomerParams } from './search-params';

export const metadata: Metadata = { title: 'Customer profiles' };

const label = 'mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400';

/** A filter select over the values customers' profiles hold (styles, colours); values are stored lower-case. */
function FacetSelect({ name, title, values, current }: { name: string; title: string; values: readonly string[]; current: string | undefined }) {
  return (
    <label>
      <span className={label}>{title}</span>
      <select name={name} defaultValue={current?.toLowerCase() ?? ''} className={inputClass}>
        <option value="">Any</option>
        {values.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
    </label>
  );
}

export default async function CustomersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission('customers.read', '/customers');
  const filter = parseCustomerParams(await searchParams);
  const db = await getDb();
  const [list, facets, chart] = await Promise.all([listCustomerProfiles(db, filter), profileFacets(db), getSizeChart(db)]);
  const filtered = customerQuery({ ...filter, page: 1 }) !== '';
  return (
    <>
      <PageHeader
        title="Customer profiles"
        description="Preferences merged from survey answers: the latest answer wins for sizes, fit and budget; styles and colours keep the most recent ones. Answers through a customer’s personal link are verified and always win; answers given with only a typed email fill what is missing and are marked unverified."
      />
      <form key={customerQuery({ ...filter, page: 1 })} className="mb-4 flex flex-wrap items-end gap-3" role="search" aria-label="Filter customer profiles">
        <label>
          <span className={label}>Preferred size</span>
          <select name="size" defaultValue={filter.size ?? ''} className={inputClass}>
            <option value="">Any</option>
            {GARMENT_TYPES.map((g) => (
              <optgroup key={g} label={GARMENT_LABELS[g]}>
                {chart[g].map((s) => (
                  <option key={s.code} value={`${g}:${s.code}`}>
                    {GARMENT_LABELS[g]} {s.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <FacetSelect name="style" title="Style" values={facets.styles} current={filter.style} />
        <FacetSelect name="colour" title="Colour" values={facets.colours} current={filter.colour} />
        <label>
          <span className={label}>Email contains</span>
          <input name="q" defaultValue={filter.q} className={inputClass} />
        </label>
        <button className={buttonClass('secondary')}>Filter</button>
        {filtered && (
          <Link href="/customers" className={buttonClass('ghost')}>
            Clear
          </Link>
        )}
      </form>
      {list.rows.length === 0 ? (
        <EmptyState title={filtered ? 'No profile matches' : 'No customer profiles yet'}>
          {filtered ? 'Loosen the filter to see more.' : 'A profile appears when someone answers a survey with their email or a personal link.'}
        </EmptyState>
      ) : (
        <Card className="overflow-x-auto">
          <table className="w-full text-sm" data-testid="customer-table">
            <thead className="bg-zinc-50 text-left text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-800/50 dark:text-zinc-400">
              <tr>
                <th className="px-4 py-2">Customer</th>
                <th className="px-4 py-2">Sizes</th>
                <th className="px-4 py-2">Fit</th>
                <th className="px-4 py-2">Styles</th>
                <th className="px-4 py-2">Colours</th>
                <th className="px-4 py-2">Updated</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {list.rows.map((c) => (
                <tr key={c.id}>
                  <td className="px-4 py-2">
                    <Link href={`/customers/${c.id}`} className="font-medium text-brand-700 hover:underline dark:text-brand-100">
                      {c.email ?? c.name ?? 'Customer'}
                    </Link>
                  </td>
                  <td className="px-4 py-2">
                    <Values values={GARMENT_TYPES.filter((g) => c.preferences.sizes[g]).map((g) => ({ ...c.preferences.sizes[g]!, value: `${GARMENT_LABELS[g]} ${c.preferences.sizes[g]!.value}` }))} separator=" · " />
                  </td>
                  <td className="px-4 py-2">
                    <Values values={c.preferences.fit ? [c.preferences.fit] : []} />
                  </td>
                  <td className="px-4 py-2">
                    <Values values={c.preferences.styles} />
                  </td>
                  <td className="px-4 py-2">
                    <Values values={c.preferences.colours} />
                  </td>
                  <td className="whitespace-nowrap px-4 py-2 text-zinc-500">{formatDateTime(c.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="flex justify-end border-t border-zinc-200 px-4 py-2 text-sm dark:border-zinc-800">
            <Pager page={filter.page} hasNext={list.hasNext} href={(p) => `/customers${customerQuery({ ...filter, page: p })}`} />
          </div>
        </Card>
      )}
    </>
  );
}

/** Values joined, each unverified one (typed email only) marked so staff do not mistake it for the customer's. */
function Values({ values, separator = ', ' }: { values: { value: string; verified: boolean }[]; separator?: string }) {
  if (values.length === 0) return <>—</>;
  return (
    <>
      {values.map((v, i) => (
        <span key={`${v.value}-${i}`}>
          {i > 0 && separator}
          {v.verified ? (
            v.value
          ) : (
            <span className="text-amber-800 dark:text-amber-300" title="Given with only a typed email: not confirmed by the customer">
              {v.value} <span className="text-xs">(unverified)</span>
            </span>
          )}
        </span>
      ))}
    </>
  );
}
