import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { OP_STATUSES, OPERATION_TYPES } from '@/lib/oplog/rules';
import type { UserSearch } from '@/lib/lists/support';

/** GET form for the timeline; keeps the account and range of the page, and the table's sort and columns. */
export function TimelineFilters({
  action,
  search,
  options,
  keep,
}: {
  action: string;
  search: Omit<UserSearch, 'before'>;
  options: { errorTypes: string[]; proxies: string[] };
  keep: Record<string, string>;
}) {
  const select = (
    id: string,
    label: string,
    name: string,
    value: string | undefined,
    values: readonly string[],
    any: string,
  ) => (
    <div className="min-w-0 max-w-full">
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-zinc-500">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value ?? ''} className={`${inputClass} py-1.5`}>
        <option value="">{any}</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    </div>
  );
  const errorTypes =
    search.error && !options.errorTypes.includes(search.error)
      ? [...options.errorTypes, search.error]
      : options.errorTypes;
  const proxies =
    search.proxy && !options.proxies.includes(search.proxy) ? [...options.proxies, search.proxy] : options.proxies;
  return (
    <form method="get" action={action} className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter the timeline">
      {search.account && <input type="hidden" name="account" value={search.account} />}
      {search.range !== '7d' && <input type="hidden" name="range" value={search.range} />}
      {Object.entries(keep).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      {select('tl-op', 'Operation', 'op', search.op, OPERATION_TYPES, 'All operations')}
      {select('tl-status', 'Status', 'status', search.status, OP_STATUSES, 'Any status')}
      {select('tl-error', 'Error type', 'error', search.error, errorTypes, 'Any error')}
      {select('tl-proxy', 'Proxy', 'proxy', search.proxy, proxies, 'Any proxy')}
      <button type="submit" className={buttonClass('secondary', 'py-1.5')}>
        Filter
      </button>
      {(search.op || search.status || search.error || search.proxy) && (
        <Link
          className={buttonClass('ghost', 'py-1.5')}
          href={`${action}?${new URLSearchParams({ ...(search.account ? { account: search.account } : {}), ...(search.range !== '7d' ? { range: search.range } : {}), ...keep })}`}
        >
          Clear
        </Link>
      )}
    </form>
  );
}
