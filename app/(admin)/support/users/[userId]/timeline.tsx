import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
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

/** Operations newest first; each opens to its details (native <details>: works without JavaScript). */
export function Timeline({ rows }: { rows: TimelineRow[] }) {
  if (rows.length === 0)
    return <EmptyState title="No operations match">Widen the time range or clear a filter.</EmptyState>;
  return (
    <ol
      className="divide-y divide-zinc-200 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
      data-testid="timeline"
    >
      {rows.map((r) => (
        <li key={r.id} data-testid="timeline-row" data-status={r.status} data-error={r.errorType ?? ''}>
          <details className="group">
            <summary className="flex cursor-pointer list-none flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
              <span
                className={`size-2 rounded-full ${r.status === 'SUCCESS' ? 'bg-emerald-500' : 'bg-red-500'}`}
                aria-hidden
              />
              <time className="w-44 text-xs tabular-nums text-zinc-500" dateTime={r.createdAt.toISOString()}>
                {formatDateTime(r.createdAt)}
              </time>
              <span className="w-36 font-mono text-xs">{r.operationType}</span>
              {r.status === 'FAILED' ? (
                <Badge tone="red">{r.errorType ?? 'FAILED'}</Badge>
              ) : (
                <Badge tone="green">SUCCESS</Badge>
              )}
              <span className="ml-auto text-xs tabular-nums text-zinc-500">
                {r.executionTimeMs.toLocaleString('en')} ms
                {r.retryCount ? ` · ${r.retryCount} retr${r.retryCount === 1 ? 'y' : 'ies'}` : ''} ·{' '}
                {r.proxyUsed ?? 'direct'}
              </span>
            </summary>
            <div
              className="grid gap-4 border-t border-zinc-100 bg-white px-3 py-3 text-sm md:grid-cols-2 dark:border-zinc-800 dark:bg-zinc-900"
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
        </li>
      ))}
    </ol>
  );
}
