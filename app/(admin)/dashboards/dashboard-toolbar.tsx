'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useState } from 'react';
import { AUTH_TYPES, OPERATION_TYPES } from '@/lib/oplog/rules';
import { dashboardSearch, RANGES, REFRESH, type RangeKey, type RefreshKey } from '@/lib/observability/range';
import type { DashboardView } from '@/lib/server/dashboard-views';

export type UrlState = {
  range: RangeKey;
  from: number;
  to: number;
  operationType?: string;
  authType?: string;
  proxy?: string;
  refresh: RefreshKey;
};

const TABS: [DashboardView, string, string][] = [
  ['overview', 'Overview', '/dashboards'],
  ['operations', 'Operations', '/dashboards/operations'],
  ['errors', 'Errors', '/dashboards/errors'],
  ['proxies', 'Proxies', '/dashboards/proxies'],
  ['sessions', 'Sessions', '/dashboards/sessions'],
];
const RANGE_LABEL: Record<RangeKey, string> = {
  '1h': '1 h',
  '24h': '24 h',
  '7d': '7 d',
  '30d': '30 d',
  custom: 'Custom',
};
const REFRESH_LABEL: Record<RefreshKey, string> = { off: 'Off', '10s': '10 s', '30s': '30 s', '1m': '1 min' };

export const searchOf = (s: UrlState) => dashboardSearch({ ...s, from: new Date(s.from), to: new Date(s.to) });
const toLocalInput = (ms: number) => new Date(ms).toISOString().slice(0, 16);

const select = 'rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900';

/** Tabs, time range, filters and auto-refresh; every change is written to the URL (the server re-reads it). */
export function DashboardToolbar({
  view,
  state,
  proxies,
}: {
  view: DashboardView;
  state: UrlState;
  proxies: string[];
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [custom, setCustom] = useState({ from: toLocalInput(state.from), to: toLocalInput(state.to) });
  const go = (patch: Partial<UrlState>) =>
    router.replace(`${pathname}?${searchOf({ ...state, ...patch })}`, { scroll: false });

  return (
    <div className="mb-6 space-y-3">
      <nav className="flex flex-wrap gap-1 border-b border-zinc-200 dark:border-zinc-800" aria-label="Dashboards">
        {TABS.map(([v, label, href]) => (
          <Link
            key={v}
            href={`${href}?${searchOf(state)}`}
            aria-current={v === view ? 'page' : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${v === view ? 'border-brand-600 text-brand-700 dark:border-brand-500 dark:text-brand-100' : 'border-transparent text-zinc-500 hover:text-zinc-800 dark:text-zinc-400 dark:hover:text-zinc-200'}`}
          >
            {label}
          </Link>
        ))}
      </nav>
      <div className="flex flex-wrap items-end gap-3">
        <div
          role="group"
          aria-label="Time range"
          className="inline-flex overflow-hidden rounded-md border border-zinc-300 dark:border-zinc-700"
        >
          {RANGES.map((r) => (
            <button
              key={r}
              type="button"
              aria-pressed={state.range === r}
              onClick={() =>
                r === 'custom' ? go({ range: 'custom', from: state.from, to: state.to }) : go({ range: r })
              }
              className={`px-3 py-1.5 text-sm ${state.range === r ? 'bg-brand-600 text-white' : 'bg-white hover:bg-zinc-50 dark:bg-zinc-900 dark:hover:bg-zinc-800'}`}
            >
              {RANGE_LABEL[r]}
            </button>
          ))}
        </div>
        {state.range === 'custom' && (
          <form
            className="flex items-end gap-2 text-sm"
            onSubmit={(e) => {
              e.preventDefault();
              go({ range: 'custom', from: Date.parse(`${custom.from}Z`), to: Date.parse(`${custom.to}Z`) });
            }}
          >
            <label className="flex flex-col text-xs text-zinc-500">
              From (UTC)
              <input
                type="datetime-local"
                className={select}
                value={custom.from}
                onChange={(e) => setCustom({ ...custom, from: e.target.value })}
              />
            </label>
            <label className="flex flex-col text-xs text-zinc-500">
              To (UTC)
              <input
                type="datetime-local"
                className={select}
                value={custom.to}
                onChange={(e) => setCustom({ ...custom, to: e.target.value })}
              />
            </label>
            <button type="submit" className={`${select} font-medium`}>
              Apply
            </button>
          </form>
        )}
        {/* Session grades are per user, not per operation or proxy: those filters would change nothing there. */}
        {view !== 'sessions' && (
          <label className="flex flex-col text-xs text-zinc-500">
            Operation
            <select
              aria-label="Operation type"
              className={select}
              value={state.operationType ?? ''}
              onChange={(e) => go({ operationType: e.target.value || undefined })}
            >
              <option value="">All operations</option>
              {OPERATION_TYPES.map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
          </label>
        )}
        <label className="flex flex-col text-xs text-zinc-500">
          Auth type
          <select
            aria-label="Auth type"
            className={select}
            value={state.authType ?? ''}
            onChange={(e) => go({ authType: e.target.value || undefined })}
          >
            <option value="">All auth types</option>
            {AUTH_TYPES.map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
        </label>
        {view !== 'sessions' && (
          <label className="flex flex-col text-xs text-zinc-500">
            Proxy
            <select
              aria-label="Proxy"
              className={select}
              value={state.proxy ?? ''}
              onChange={(e) => go({ proxy: e.target.value || undefined })}
            >
              <option value="">All proxies</option>
              {[...new Set([...proxies, ...(state.proxy ? [state.proxy] : [])])].map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
          </label>
        )}
        <label className="ml-auto flex flex-col text-xs text-zinc-500">
          Auto-refresh
          <select
            aria-label="Auto-refresh"
            className={select}
            value={state.refresh}
            onChange={(e) => go({ refresh: e.target.value as RefreshKey })}
          >
            {REFRESH.map((r) => (
              <option key={r} value={r}>
                {REFRESH_LABEL[r]}
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
}
