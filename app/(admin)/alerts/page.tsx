import type { Metadata } from 'next';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { alertHistory, listAnnotations, listChannels, listRules, type RuleWithChannels } from '@/db/queries/alerts';
import { describeRule, formatMetricValue, type AlertState } from '@/lib/alerts/rules';
import { formatDateTime, formatRelative } from '@/lib/format';
import { requirePermission } from '@/lib/server/page-guard';
import { AckForm, AnnotationForm, ButtonForm, ChannelForm, RuleForm, SilenceForm } from './alert-forms';

export const metadata: Metadata = { title: 'Alerts' };

const TONE: Record<AlertState, 'green' | 'amber' | 'red' | 'neutral'> = {
  ok: 'green',
  pending: 'amber',
  firing: 'red',
  resolved: 'neutral',
};

function StateBadge({ rule }: { rule: RuleWithChannels }) {
  if (!rule.enabled) return <Badge tone="neutral">disabled</Badge>;
  return (
    <span title={`since ${formatDateTime(rule.stateSince)}`} data-testid={`rule-state-${rule.id}`}>
      <Badge tone={TONE[rule.state]}>{rule.state}</Badge>
    </span>
  );
}

export default async function AlertsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePermission('alerts.manage', '/alerts');
  const sp = await searchParams;
  const db = await getDb();
  const now = new Date();
  const [rules, channels, history, notes] = await Promise.all([
    listRules(db),
    listChannels(db),
    alertHistory(db, { limit: 40 }),
    listAnnotations(db, { from: new Date(now.getTime() - 30 * 86_400_000), to: new Date(now.getTime() + 86_400_000) }),
  ]);
  const editing = typeof sp.edit === 'string' ? rules.find((r) => r.id === sp.edit) : undefined;
  const firing = rules.filter((r) => r.enabled && (r.state === 'firing' || r.state === 'pending'));
  const channelName = new Map(channels.map((c) => [c.id, c.name]));

  return (
    <>
      <PageHeader
        title="Alerts"
        description="Rules evaluated every minute from the dashboard rollups. A rule fires after breaching for its “for” duration and resolves only past its recovery threshold; firing and resolved alerts notify the rule's channels."
      />

      <Card className="mb-6 p-5">
        <h2 className="mb-3 text-base font-semibold">Now</h2>
        {firing.length === 0 ? (
          <p className="text-sm text-emerald-700 dark:text-emerald-400" data-testid="alerts-quiet">
            Nothing firing or pending.
          </p>
        ) : (
          <ul className="space-y-3" data-testid="alerts-active">
            {firing.map((r) => (
              <li key={r.id} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
                <div className="flex flex-wrap items-center gap-2">
                  <StateBadge rule={r} />
                  <span className="font-medium">{r.name}</span>
                  <span className="text-sm text-zinc-600 dark:text-zinc-400">
                    {formatMetricValue(r.metric, r.lastValue)} · since {formatRelative(r.stateSince)}
                  </span>
                  {r.silencedUntil && r.silencedUntil > now && (
                    <Badge tone="violet">silenced until {formatDateTime(r.silencedUntil)}</Badge>
                  )}
                </div>
                {r.ackedAt ? (
                  <p className="mt-2 text-sm" data-testid={`rule-ack-${r.id}`}>
                    Acknowledged {formatRelative(r.ackedAt)}: “{r.ackNote}”
                  </p>
                ) : (
                  <div className="mt-2">
                    <AckForm id={r.id} />
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card className="mb-6 overflow-hidden">
        <div className="flex items-center justify-between border-b border-zinc-200 px-5 py-3 dark:border-zinc-800">
          <h2 className="text-base font-semibold">Rules</h2>
        </div>
        {rules.length === 0 ? (
          <div className="p-6">
            <EmptyState title="No rules">
              Create one below; the three built-in alerts can be recreated from the README's defaults.
            </EmptyState>
          </div>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="rules-table">
              <thead className="border-b border-zinc-200 bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900/60">
                <tr>
                  <th className="px-4 py-2.5 font-medium">Rule</th>
                  <th className="px-4 py-2.5 font-medium">State</th>
                  <th className="px-4 py-2.5 font-medium">Last value</th>
                  <th className="px-4 py-2.5 font-medium">Channels</th>
                  <th className="px-4 py-2.5 font-medium">Actions</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {rules.map((r) => (
                  <tr key={r.id} id={`rule-${r.id}`} data-testid={`rule-${r.name}`} className="align-top">
                    <td className="px-4 py-3">
                      <p className="font-medium">{r.name}</p>
                      <p className="text-xs text-zinc-500 dark:text-zinc-400">{describeRule(r)}</p>
                      {(r.operationType || r.proxy || r.authType) && (
                        <p className="text-xs text-zinc-500">
                          {[r.operationType, r.proxy && `proxy ${r.proxy}`, r.authType].filter(Boolean).join(' · ')}
                        </p>
                      )}
                    </td>
                    <td className="px-4 py-3">
                      <StateBadge rule={r} />
                      {r.silencedUntil && r.silencedUntil > now && (
                        <p className="mt-1 text-xs text-violet-700 dark:text-violet-300">
                          silenced until {formatDateTime(r.silencedUntil)}
                        </p>
                      )}
                    </td>
                    <td className="px-4 py-3 text-zinc-600 dark:text-zinc-400">
                      {r.lastEvaluatedAt ? (
                        <span
                          title={`${r.lastVolume ?? 0} operation(s) in the window; evaluated ${formatDateTime(r.lastEvaluatedAt)}`}
                        >
                          {formatMetricValue(r.metric, r.lastValue)}
                        </span>
                      ) : (
                        'Not evaluated yet'
                      )}
                    </td>
                    <td className="px-4 py-3 text-xs">
                      {r.channelIds
                        .map((id) => channelName.get(id))
                        .filter(Boolean)
                        .join(', ') || <span className="text-zinc-500">none</span>}
                    </td>
                    <td className="px-4 py-3">
                      <div className="flex flex-wrap items-center gap-2">
                        <Link
                          href={`/alerts?edit=${r.id}#edit`}
                          className="text-sm text-brand-700 underline dark:text-brand-100"
                        >
                          Edit
                        </Link>
                        <ButtonForm
                          action="toggle"
                          fields={{ id: r.id, enabled: r.enabled ? 'false' : 'true' }}
                          label={r.enabled ? 'Disable' : 'Enable'}
                          pendingLabel="Saving…"
                        />
                        <SilenceForm id={r.id} silenced={Boolean(r.silencedUntil && r.silencedUntil > now)} />
                        <ButtonForm
                          action="deleteRule"
                          fields={{ id: r.id }}
                          label="Delete"
                          pendingLabel="Deleting…"
                          variant="danger"
                          confirmText={`Delete the rule ${r.name} and its history?`}
                        />
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <Card className="mb-6 p-5">
        <h2 id="edit" className="mb-3 text-base font-semibold">
          {editing ? `Edit “${editing.name}”` : 'New rule'}
        </h2>
        {editing && (
          <p className="mb-3 text-sm">
            <Link href="/alerts" className="text-brand-700 underline dark:text-brand-100">
              Cancel editing
            </Link>
          </p>
        )}
        <RuleForm
          key={editing?.id ?? 'new'}
          initial={editing}
          channels={channels.map((c) => ({ id: c.id, name: c.name, kind: c.kind }))}
        />
      </Card>

      <div className="mb-6 grid gap-6 lg:grid-cols-2">
        <Card className="p-5">
          <h2 className="mb-1 text-base font-semibold">Channels</h2>
          <p className="mb-3 text-xs text-zinc-500 dark:text-zinc-400">
            Webhooks are signed (Bobbin-Signature, see the README); email goes through SMTP_URL. URLs on loopback,
            private, link-local or metadata addresses are refused unless WEBHOOK_ALLOW_NETWORKS allows them.
          </p>
          <ul className="mb-4 divide-y divide-zinc-200 text-sm dark:divide-zinc-800" data-testid="channels-list">
            {channels.length === 0 && <li className="py-2 text-zinc-500">No channels yet.</li>}
            {channels.map((c) => (
              <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  <span className="font-medium">{c.name}</span> <Badge tone="blue">{c.kind}</Badge>
                  <span className="block break-all text-xs text-zinc-500">
                    {c.kind === 'email' ? c.emailTo : c.url}
                  </span>
                </span>
                <ButtonForm
                  action="deleteChannel"
                  fields={{ id: c.id }}
                  label="Delete"
                  pendingLabel="Deleting…"
                  variant="danger"
                  confirmText={`Delete the channel ${c.name}?`}
                />
              </li>
            ))}
          </ul>
          <ChannelForm />
        </Card>
        <Card className="p-5">
          <h2 className="mb-1 text-base font-semibold">Chart notes</h2>
          <p className="mb-3 text-xs text-zinc-500 dark:text-zinc-400">
            Drawn on the dashboards' time-series charts with the alerts' firing periods.
          </p>
          <ul className="mb-4 divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
            {notes.length === 0 && <li className="py-2 text-zinc-500">No notes in the last 30 days.</li>}
            {notes.map((n) => (
              <li key={n.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  <span className="font-medium">{n.text}</span>
                  <span className="block text-xs text-zinc-500">
                    {formatDateTime(new Date(n.at))}
                    {n.endAt ? ` – ${formatDateTime(new Date(n.endAt))}` : ''} {n.author ? `· ${n.author}` : ''}
                  </span>
                </span>
                <ButtonForm
                  action="deleteAnnotation"
                  fields={{ id: n.id }}
                  label="Delete"
                  pendingLabel="Deleting…"
                  variant="danger"
                />
              </li>
            ))}
          </ul>
          <AnnotationForm />
        </Card>
      </div>

      <Card className="overflow-hidden">
        <h2 className="border-b border-zinc-200 px-5 py-3 text-base font-semibold dark:border-zinc-800">History</h2>
        {history.length === 0 ? (
          <p className="p-5 text-sm text-zinc-500">No alert has fired yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="alert-history">
              <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {history.map((h) => (
                  <tr key={h.id} className="align-top">
                    <td className="whitespace-nowrap px-4 py-2 text-xs text-zinc-500" title={formatDateTime(h.at)}>
                      {formatDateTime(h.at)}
                    </td>
                    <td className="px-4 py-2 font-medium">{h.ruleName}</td>
                    <td className="px-4 py-2">
                      {h.kind === 'transition' ? (
                        <Badge tone={TONE[h.toState as AlertState] ?? 'neutral'}>{h.toState}</Badge>
                      ) : (
                        <Badge tone="violet">{h.kind === 'ack' ? 'acknowledged' : 'silence'}</Badge>
                      )}
                    </td>
                    <td className="px-4 py-2 text-xs text-zinc-600 dark:text-zinc-400">
                      {h.note && (
                        <span className="block">
                          “{h.note}”{h.actor ? ` — ${h.actor}` : ''}
                        </span>
                      )}
                      {h.notified?.map((n) => (
                        <span key={n.channel} className={`block ${n.ok ? '' : 'text-red-600 dark:text-red-400'}`}>
                          {n.channel}: {n.detail}
                        </span>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
