import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import type { Column } from '@/components/data-table/data-table';
import type { TimelineRow } from '@/db/queries/support';
import { formatDateTime } from '@/lib/format';

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="text-zinc-500">none</span>;
  return (
    <pre tabIndex={0} className="max-h-64 overflow-auto rounded bg-zinc-50 p-2 font-mono text-xs dark:bg-zinc-950">
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

/**
 * The timeline's columns for the shared table. The last cell opens the operation's details (native <details>:
 * works without JavaScript) in a narrow panel whose payloads scroll inside it, so an open row widens one column only.
 */
export function timelineColumns(): Column<TimelineRow>[] {
  return [
    {
      key: 'time',
      label: 'Time',
      sortable: true,
      cell: (r) => (
        <span className="flex items-center gap-2 whitespace-nowrap">
          <span
            className={`size-2 rounded-full ${r.status === 'SUCCESS' ? 'bg-emerald-500' : 'bg-red-500'}`}
            aria-hidden
          />
          <time className="text-xs tabular-nums" dateTime={r.createdAt.toISOString()}>
            {formatDateTime(r.createdAt)}
          </time>
        </span>
      ),
    },
    { key: 'operation', label: 'Operation', cell: (r) => <span className="font-mono text-xs">{r.operationType}</span> },
    {
      key: 'status',
      label: 'Status',
      cell: (r) =>
        r.status === 'FAILED' ? (
          <Badge tone="red">{r.errorType ?? 'FAILED'}</Badge>
        ) : (
          <Badge tone="green">SUCCESS</Badge>
        ),
    },
    {
      key: 'latency',
      label: 'Time taken',
      align: 'right',
      cell: (r) => (
        <span className="whitespace-nowrap text-xs">
          {r.executionTimeMs.toLocaleString('en')} ms
          {r.retryCount > 0 && (
            <span className="block text-zinc-600 dark:text-zinc-400">
              {r.retryCount} retr{r.retryCount === 1 ? 'y' : 'ies'}
            </span>
          )}
        </span>
      ),
    },
    {
      key: 'proxy',
      label: 'Proxy',
      hideBelow: 'md',
      cell: (r) => <span className="whitespace-nowrap font-mono text-xs">{r.proxyUsed ?? 'direct'}</span>,
    },
    {
      key: 'account',
      label: 'Account',
      hideBelow: 'lg',
      cell: (r) => <span className="whitespace-nowrap font-mono text-xs">{r.platformAccountId}</span>,
    },
    {
      key: 'details',
      label: 'Details',
      cell: (r) => (
        <details>
          <summary className="cursor-pointer whitespace-nowrap text-xs text-brand-600 hover:underline dark:text-brand-100">
            Details<span className="sr-only"> of the operation at {formatDateTime(r.createdAt)}</span>
          </summary>
          <div
            className="mt-2 grid w-64 max-w-[80vw] gap-4 whitespace-normal rounded border border-zinc-200 bg-white px-3 py-3 text-left text-sm dark:border-zinc-700 dark:bg-zinc-900"
            data-testid="operation-details"
          >
            <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-xs">
              <dt className="text-zinc-500">Error code</dt>
              <dd className="font-mono">{r.errorCode ?? '—'}</dd>
              <dt className="text-zinc-500">Error message</dt>
              <dd>{r.errorMessage ?? '—'}</dd>
              <dt className="text-zinc-500">Retries</dt>
              <dd>{r.retryCount}</dd>
              <dt className="text-zinc-500">Proxy</dt>
              <dd className="font-mono">{r.proxyUsed ?? 'direct'}</dd>
              <dt className="text-zinc-500">User agent</dt>
              <dd className="break-all">{r.userAgent ?? '—'}</dd>
              <dt className="text-zinc-500">Account</dt>
              <dd className="font-mono">{r.platformAccountId}</dd>
              <dt className="text-zinc-500">Resource</dt>
              <dd className="font-mono">
                {r.resourceId?.startsWith('shop-') ? (
                  <Link
                    className="text-brand-600 hover:underline dark:text-brand-100"
                    href={`/support/shops/${encodeURIComponent(r.resourceId)}`}
                  >
                    {r.resourceId}
                  </Link>
                ) : (
                  (r.resourceId ?? '—')
                )}
              </dd>
              <dt className="text-zinc-500">Auth detected</dt>
              <dd>{r.authTypeDetected ?? '—'}</dd>
              <dt className="text-zinc-500">Session refreshed</dt>
              <dd>{r.sessionRefreshed ? 'yes' : 'no'}</dd>
            </dl>
            <div className="space-y-2">
              <p className="text-xs font-medium text-zinc-500">Request payload (secrets redacted)</p>
              <Json value={r.requestPayload} />
              <p className="text-xs font-medium text-zinc-500">Response summary</p>
              <Json value={r.responseSummary} />
            </div>
          </div>
        </details>
      ),
    },
  ];
}
