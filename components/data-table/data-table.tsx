import Link from 'next/link';
import type { ReactNode } from 'react';
import { EmptyState } from '@/components/ui/empty-state';
import { buttonClass } from '@/components/ui/button';
import type { Sort } from '@/lib/url-state';
import { ColumnChooser } from './column-chooser';
import { TableKeys } from './table-keys';

/** One column of a data table: how a row shows in it, and whether the server can sort by it. */
export type Column<R> = {
  key: string;
  label: string;
  /** Sortable columns have an index behind them (see the list's query); the header becomes a sort link. */
  sortable?: boolean;
  align?: 'right';
  /** Header for screen readers only (an actions column has no visible title but must not be empty). */
  srOnly?: boolean;
  cell: (row: R) => ReactNode;
  className?: string;
  /** Hide the column (header and cells) on narrow screens: a phone keeps the columns that identify a row. */
  hideBelow?: 'md' | 'lg';
};

// Whole class names, so Tailwind sees them.
const HIDE = { md: 'hidden md:table-cell', lg: 'hidden lg:table-cell' } as const;

export type DataTableProps<R> = {
  /** Accessible name of the table and its scroll region, e.g. "Stock levels". */
  label: string;
  testId?: string;
  columns: readonly Column<R>[];
  /** Keys of the columns to show (from the URL's `cols`); every column when omitted. */
  visible?: readonly string[];
  /** Columns the chooser cannot hide. */
  required?: readonly string[];
  rows: readonly R[];
  rowKey: (row: R) => string | number;
  rowTestId?: (row: R) => string;
  /** `data-*` attributes of a row (tests and styles read a row's state from them), e.g. `{ status: 'FAILED' }`. */
  rowData?: (row: R) => Record<string, string>;
  sort?: Sort;
  /** The link that sorts by `key` in `dir` (keeps the filters, drops the page cursor). */
  sortHref?: (sort: Sort) => string;
  /**
   * What the column chooser offers, when it is not one entry per column: a list whose columns come from data (a
   * survey's questions) offers them as one group. `visible` are the chosen keys.
   */
  chooser?: { columns: readonly { key: string; label: string }[]; visible: readonly string[] };
  /** The current URL's params, carried by the column chooser's form. */
  params?: URLSearchParams;
  /** What to show with no rows: say why and what to do next. */
  empty: { title: string; body?: ReactNode; action?: ReactNode };
  /** Toolbar content on the left (counts, bulk bar); the column chooser sits on the right. */
  toolbar?: ReactNode;
  /** Previous/next links under the table. */
  pager?: { label?: ReactNode; prev?: string | null; next?: string | null };
  /**
   * Row selection (lists with bulk actions): a leading checkbox cell per row and its header cell. The checkbox
   * carries `data-select`, so Space on a focused row toggles it; `selected` rows are highlighted.
   */
  select?: { header: ReactNode; cell: (row: R) => ReactNode; selected?: (row: R) => boolean };
};

const ariaSort = (dir: 'asc' | 'desc') => (dir === 'asc' ? 'ascending' : 'descending');

/**
 * The one table every list renders through: sort links on sortable headers (state in the URL, `aria-sort` on the
 * sorted one), a column chooser, a sticky header inside a keyboard-scrollable region, arrow-key row navigation,
 * optional row selection, the empty state and a pager. Loading and error states are the route's loading.tsx
 * (PageSkeleton) and error.tsx, as for every page.
 */
export function DataTable<R>(props: DataTableProps<R>) {
  const { columns, rows, sort, sortHref } = props;
  const shown = props.visible ? columns.filter((c) => props.visible!.includes(c.key)) : columns;
  const chooser = props.params && columns.length > 2;
  return (
    <section
      className="rounded-lg border border-zinc-200 bg-white shadow-xs dark:border-zinc-800 dark:bg-zinc-900"
      aria-label={props.label}
      data-testid={props.testId ? `${props.testId}-section` : undefined}
    >
      {(props.toolbar || chooser) && (
        <div className="flex flex-wrap items-center justify-between gap-2 border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
          <div className="text-sm text-zinc-600 dark:text-zinc-400">{props.toolbar}</div>
          {chooser && (
            <ColumnChooser
              columns={props.chooser?.columns ?? columns.map((c) => ({ key: c.key, label: c.label }))}
              visible={props.chooser?.visible ?? shown.map((c) => c.key)}
              required={props.required ?? []}
              keep={withoutCols(props.params!)}
            />
          )}
        </div>
      )}
      {rows.length === 0 ? (
        <div className="p-4">
          <EmptyState title={props.empty.title} action={props.empty.action}>
            {props.empty.body}
          </EmptyState>
        </div>
      ) : (
        <TableKeys label={`${props.label} (use arrow keys to move between rows)`}>
          <table className="w-full text-left text-sm" data-testid={props.testId ? `${props.testId}-grid` : undefined}>
            <thead className="sticky top-0 z-10 bg-zinc-50 text-xs uppercase tracking-wide text-zinc-600 shadow-[0_1px_0_0] shadow-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:shadow-zinc-700">
              <tr>
                {props.select && (
                  <th scope="col" className="w-10 px-3 py-2.5">
                    {props.select.header}
                  </th>
                )}
                {shown.map((c) => {
                  const active = sort && sort.key === c.key ? sort.dir : undefined;
                  return (
                    <th
                      key={c.key}
                      scope="col"
                      aria-sort={active ? ariaSort(active) : c.sortable ? 'none' : undefined}
                      className={`whitespace-nowrap px-4 py-2.5 font-medium ${c.align === 'right' ? 'text-right' : ''} ${c.hideBelow ? HIDE[c.hideBelow] : ''}`}
                    >
                      {c.sortable && sortHref ? (
                        <Link
                          href={sortHref({ key: c.key, dir: active === 'asc' ? 'desc' : 'asc' })}
                          className="inline-flex items-center gap-1 hover:text-zinc-900 dark:hover:text-white"
                          data-testid={`sort-${c.key}`}
                        >
                          {c.label}
                          <span aria-hidden>{active === 'asc' ? '↑' : active === 'desc' ? '↓' : '↕'}</span>
                          <span className="sr-only">
                            {active ? `, sorted ${ariaSort(active)}; ` : ', '}click to sort{' '}
                            {active === 'asc' ? 'descending' : 'ascending'}
                          </span>
                        </Link>
                      ) : c.srOnly ? (
                        <span className="sr-only">{c.label}</span>
                      ) : (
                        c.label
                      )}
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid={props.testId}>
              {rows.map((r, i) => (
                <tr
                  key={props.rowKey(r)}
                  data-row
                  tabIndex={i === 0 ? 0 : -1}
                  data-testid={props.rowTestId?.(r)}
                  {...dataAttrs(props.rowData?.(r))}
                  className={`outline-none focus-visible:bg-brand-50 focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-brand-500 dark:focus-visible:bg-zinc-800 ${props.select?.selected?.(r) ? 'bg-brand-50/60 dark:bg-brand-500/10' : ''}`}
                >
                  {props.select && <td className="px-3 py-2">{props.select.cell(r)}</td>}
                  {shown.map((c) => (
                    <td
                      key={c.key}
                      data-col={c.key}
                      className={`px-4 py-2 ${c.align === 'right' ? 'text-right tabular-nums' : ''} ${c.hideBelow ? HIDE[c.hideBelow] : ''} ${c.className ?? ''}`}
                    >
                      {c.cell(r)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableKeys>
      )}
      {props.pager && (props.pager.prev || props.pager.next || props.pager.label) && (
        <nav
          className="flex items-center justify-between border-t border-zinc-200 px-4 py-2 text-sm dark:border-zinc-800"
          aria-label="Pages"
        >
          <span className="text-zinc-600 dark:text-zinc-400">{props.pager.label}</span>
          <span className="flex gap-2">
            {props.pager.prev && (
              <Link className={buttonClass('ghost')} href={props.pager.prev}>
                Previous
              </Link>
            )}
            {props.pager.next && (
              <Link className={buttonClass('ghost')} href={props.pager.next}>
                Next
              </Link>
            )}
          </span>
        </nav>
      )}
    </section>
  );
}

function dataAttrs(data: Record<string, string> | undefined) {
  return Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, v]));
}

function withoutCols(params: URLSearchParams) {
  const keep = new URLSearchParams(params);
  keep.delete('cols');
  for (const k of ['after', 'before', 'page']) keep.delete(k);
  return keep;
}

/** A page's searchParams object as URLSearchParams (for the column chooser and saved views). */
export function toSearchParams(raw: Record<string, string | string[] | undefined>): URLSearchParams {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(raw))
    for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) u.append(k, one);
  return u;
}
