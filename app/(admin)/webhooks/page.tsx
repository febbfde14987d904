import type { Metadata } from 'next';
import Link from 'next/link';
import { z } from '@/lib/zod';
import { Badge } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { listDeliveries, listEndpoints, type DeliveryRow } from '@/db/queries/webhook-endpoints';
import { formatDateTime, formatRelative } from '@/lib/format';
import { requirePermission } from '@/lib/server/page-guard';
import { EndpointForm } from './endpoint-form';
import { DeleteEndpointButton, RedeliverButton, RotateSecretButton } from './row-actions';

export const metadata: Metadata = { title: 'Webhooks' };

const STATUSES = ['pending', 'delivered', 'dead'] as const;
const params = z.object({
  status: z.enum(STATUSES).optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});

const STATUS_TONE = { pending: 'amber', delivered: 'green', dead: 'red' } as const;
const STATUS_LABEL = { pending: 'Pending', delivered: 'Delivered', dead: 'Dead letter' } as const;

export default async function WebhooksPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePermission('webhooks.manage', '/webhooks');
  const raw = await searchParams;
  const search = params.parse({ status: raw.status || undefined, before: raw.before || undefined });
  const db = await getDb();
  const [endpoints, log] = await Promise.all([
    listEndpoints(db),
    listDeliveries(db, { status: search.status, before: search.before, limit: 50 }),
  ]);
  const href = (extra: Record<string, string | number | undefined>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ status: search.status, ...extra })) if (v !== undefined) q.set(k, String(v));
    const s = q.toString();
    return s ? `/webhooks?${s}` : '/webhooks';
  };

  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Bobbin posts signed events (stock levels, reservations, products, purchase order receipts, survey responses, alerts) to these URLs, at least once and in order per record. See the README for the format and how to verify the Bobbin-Signature header."
      />
      <Card className="mb-6 p-5">
        <h2 className="mb-3 text-base font-semibold">Add an endpoint</h2>
        <EndpointForm />
      </Card>

      <Card className="mb-6 overflow-hidden">
        <h2 className="border-b border-zinc-200 px-4 py-3 text-base font-semibold dark:border-zinc-800">Endpoints</h2>
        {endpoints.length === 0 ? (
          <div className="p-6">
            <EmptyState title="No endpoints yet">
              Add the URL of a system that should hear about changes, e.g. a storefront mirroring stock.
            </EmptyState>
          </div>
        ) : (
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="endpoints">
            {endpoints.map((e) => {
              const overlap = e.previousSecretExpiresAt && e.previousSecretExpiresAt > new Date();
              return (
                <li key={e.id} className="space-y-3 px-4 py-4" data-testid={`endpoint-${e.url}`}>
                  <div className="flex flex-wrap items-start justify-between gap-3">
                    <div className="min-w-0">
                      <p className="font-mono text-sm break-all">{e.url}</p>
                      {e.description && <p className="text-sm text-zinc-600 dark:text-zinc-400">{e.description}</p>}
                      <p className="mt-1 text-xs text-zinc-500">{e.eventTypes.join(', ')}</p>
                    </div>
                    <div className="flex flex-wrap items-center gap-2">
                      {e.enabled ? <Badge tone="green">Enabled</Badge> : <Badge tone="neutral">Disabled</Badge>}
                      <RotateSecretButton id={e.id} />
                      <DeleteEndpointButton id={e.id} url={e.url} />
                    </div>
                  </div>
                  <details className="text-sm">
                    <summary className="cursor-pointer text-brand-700 dark:text-brand-100">Signing secret</summary>
                    <code
                      className="mt-2 block rounded bg-zinc-100 px-2 py-1 font-mono text-xs break-all dark:bg-zinc-800"
                      data-testid="endpoint-secret"
                    >
                      {e.secret}
                    </code>
                    {overlap && (
                      <p className="mt-1 text-xs text-amber-700 dark:text-amber-300">
                        The previous secret also signs until {formatDateTime(e.previousSecretExpiresAt)} (both appear as
                        v1= in the header).
                      </p>
                    )}
                  </details>
                  <details className="text-sm">
                    <summary className="cursor-pointer text-brand-700 dark:text-brand-100">Edit</summary>
                    <div className="mt-3">
                      <EndpointForm
                        existing={{
                          id: e.id,
                          version: e.version,
                          url: e.url,
                          description: e.description,
                          eventTypes: e.eventTypes,
                          enabled: e.enabled,
                        }}
                      />
                    </div>
                  </details>
                </li>
              );
            })}
          </ul>
        )}
      </Card>

      <Card className="overflow-hidden">
        <div className="flex flex-wrap items-center justify-between gap-3 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
          <h2 className="text-base font-semibold">Delivery log</h2>
          <nav className="flex flex-wrap gap-2 text-sm" aria-label="Filter by status">
            {[undefined, ...STATUSES].map((s) => (
              <Link
                key={s ?? 'all'}
                href={href({ status: s, before: undefined })}
                className={buttonClass(search.status === s ? 'primary' : 'secondary', 'py-1')}
                aria-current={search.status === s ? 'page' : undefined}
              >
                {s ? STATUS_LABEL[s] : 'All'}
              </Link>
            ))}
          </nav>
        </div>
        {log.rows.length === 0 ? (
          <div className="p-6">
            <EmptyState
              title={search.status ? `No ${STATUS_LABEL[search.status].toLowerCase()} deliveries` : 'No deliveries yet'}
            >
              Deliveries appear here within seconds of a change that an endpoint subscribes to.
            </EmptyState>
          </div>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="deliveries-table">
              <thead className="border-b border-zinc-200 bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900/60">
                <tr>
                  <th className="px-4 py-2.5 font-medium">Event</th>
                  <th className="px-4 py-2.5 font-medium">Endpoint</th>
                  <th className="px-4 py-2.5 font-medium">Status</th>
                  <th className="px-4 py-2.5 font-medium">Attempts</th>
                  <th className="px-4 py-2.5 font-medium">Response</th>
                  <th className="px-4 py-2.5 font-medium">Latency</th>
                  <th className="px-4 py-2.5 font-medium" />
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {log.rows.map((d) => (
                  <DeliveryLine key={d.id} d={d} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {(search.before || log.next) && (
          <div className="flex gap-2 border-t border-zinc-200 px-4 py-3 text-sm dark:border-zinc-800">
            {search.before && (
              <Link href={href({ before: undefined })} className={buttonClass('secondary', 'py-1')}>
                Newest
              </Link>
            )}
            {log.next && (
              <Link href={href({ before: log.next })} className={buttonClass('secondary', 'py-1')}>
                Older
              </Link>
            )}
          </div>
        )}
      </Card>
    </>
  );
}

function DeliveryLine({ d }: { d: DeliveryRow }) {
  return (
    <tr data-testid={`delivery-${d.id}`} className="align-top">
      <td className="px-4 py-3">
        <p className="font-mono text-xs">{d.type}</p>
        <p className="font-mono text-xs text-zinc-500" title="Event id (receivers deduplicate on it)">
          {d.eventId}
        </p>
        <p className="text-xs text-zinc-500" title={formatDateTime(d.createdAt)}>
          {d.entityKey} · {formatRelative(d.createdAt)}
        </p>
      </td>
      <td className="max-w-56 px-4 py-3 font-mono text-xs break-all">{d.url}</td>
      <td className="px-4 py-3">
        <Badge tone={STATUS_TONE[d.status]}>{STATUS_LABEL[d.status]}</Badge>
        {d.status === 'pending' && d.attempts > 0 && (
          <p className="mt-1 text-xs text-zinc-500">next try {formatRelative(d.nextAttemptAt)}</p>
        )}
      </td>
      <td className="px-4 py-3 tabular-nums">{d.attempts}</td>
      <td className="max-w-72 px-4 py-3">
        {d.responseStatus !== null && <p className="font-mono text-xs">HTTP {d.responseStatus}</p>}
        {d.error && <p className="text-xs text-red-700 dark:text-red-300">{d.error}</p>}
        {d.responseBody && (
          <pre className="mt-1 max-h-20 overflow-hidden rounded bg-zinc-100 px-2 py-1 text-xs break-all whitespace-pre-wrap dark:bg-zinc-800">
            {d.responseBody.slice(0, 200)}
          </pre>
        )}
        {d.responseStatus === null && !d.error && <span className="text-xs text-zinc-500">Not sent yet</span>}
      </td>
      <td className="px-4 py-3 tabular-nums">{d.latencyMs !== null ? `${d.latencyMs} ms` : '—'}</td>
      <td className="px-4 py-3">{d.status !== 'pending' && <RedeliverButton id={d.id} />}</td>
    </tr>
  );
}
