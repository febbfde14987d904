import type { Metadata } from 'next';
import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { getDb } from '@/db/client';
import { listCustomerProfiles, profileFacets } from '@/db/queries/customers';
import { formatDateTime } from '@/lib/format';
import { requirePermission } from '@/lib/server/page-guard';
import { getSizeChart } from '@/db/queries/size-chart';
import { GARMENT_LABELS, GARMENT_TYPES } from '@/lib/surveys/size-chart';
import { customerList } from '@/lib/lists/customers';
import { keepFields } from '@/lib/url-state';
import { DataTable, toSearchParams, type Column } from '@/components/data-table/data-table';

type Row = Awaited<ReturnType<typeof listCustomerProfiles>>['rows'][number];

const columns: Column<Row>[] = [
  {
    key: 'customer',
    label: 'Customer',
    cell: (c) => (
      <Link href={`/customers/${c.id}`} className="font-medium text-brand-700 hover:underline dark:text-brand-100">
        {c.email ?? c.name ?? 'Customer'}
      </Link>
    ),
  },
  {
    key: 'sizes',
    label: 'Sizes',
    cell: (c) => (
      <Values
        values={GARMENT_TYPES.filter((g) => c.preferences.sizes[g]).map((g) => ({
          ...c.preferences.sizes[g]!,
          value: `${GARMENT_LABELS[g]} ${c.preferences.sizes[g]!.value}`,
        }))}
        separator=" · "
      />
    ),
  },
  { key: 'fit', label: 'Fit', cell: (c) => <Values values={c.preferences.fit ? [c.preferences.fit] : []} /> },
  { key: 'styles', label: 'Styles', cell: (c) => <Values values={c.preferences.styles} /> },
  { key: 'colours', label: 'Colours', cell: (c) => <Values values={c.preferences.colours} /> },
  {
    key: 'updated',
    label: 'Updated',
    sortable: true,
    className: 'whitespace-nowrap text-zinc-600 dark:text-zinc-400',
    cell: (c) => formatDateTime(c.updatedAt),
  },
];
import { loadListViews } from '@/lib/server/views';
import { ListViewsMenu } from '../views/list-views';

export const metadata: Metadata = { title: 'Customer profiles' };

const label = 'mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400';

/** A filter select over the values customers' profiles hold (styles, colours); values are stored lower-case. */
function FacetSelect({
  name,
  title,
  values,
  current,
}: {
  name: string;
  title: string;
  values: readonly string[];
  current: string | undefined;
}) {
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

export default async function CustomersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission('customers.read', '/customers');
  const raw = await searchParams;
  const state = customerList.parse(raw);
  const views = await loadListViews('customers', me, raw, state);
  const filter = state.filters;
  const page = state.paging.page ?? 1;
  const db = await getDb();
  const [list, facets, chart] = await Promise.all([
    listCustomerProfiles(db, { ...filter, sort: state.sort, page }),
    profileFacets(db),
    getSizeChart(db),
  ]);
  const filtered = customerList.query({ filters: filter }) !== '';
  return (
    <>
      <PageHeader
        title="Customer profiles"
        actions={
          <a
            href={`/api/customers/export${customerList.query(state)}`}
            className={buttonClass('secondary')}
            data-testid="customers-csv"
          >
            Export CSV
          </a>
        }
        description="Preferences merged from survey answers: the latest answer wins for sizes, fit and budget; styles and colours keep the most recent ones. Answers through a customer’s personal link are verified and always win; answers given with only a typed email fill what is missing and are marked unverified."
      />
      <ListViewsMenu views={views} />
      <form
        key={customerList.query({ filters: filter })}
        className="mb-4 flex flex-wrap items-end gap-3"
        role="search"
        aria-label="Filter customer profiles"
      >
        {Object.entries(keepFields(customerList, state)).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
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
      <DataTable
        label="Customer profiles"
        testId="customer-table"
        columns={columns}
        visible={state.columns}
        required={customerList.required}
        rows={list.rows}
        rowKey={(c) => c.id}
        sort={state.sort}
        sortHref={(sort) => customerList.href(state, { sort })}
        params={toSearchParams(raw)}
        empty={{
          title: filtered ? 'No profile matches' : 'No customer profiles yet',
          body: filtered
            ? 'Loosen the filter to see more.'
            : 'A profile appears when someone answers a survey with their email or a personal link.',
        }}
      />
      <div className="mt-3 flex justify-end text-sm">
        <Pager page={page} hasNext={list.hasNext} href={(p) => customerList.href(state, {}, { page: p })} />
      </div>
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
            <span
              className="text-amber-800 dark:text-amber-300"
              title="Given with only a typed email: not confirmed by the customer"
            >
              {v.value} <span className="text-xs">(unverified)</span>
            </span>
          )}
        </span>
      ))}
    </>
  );
}
