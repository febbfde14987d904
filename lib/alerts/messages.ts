/**
 * What a firing or resolved alert says on each channel. Pure: lib/server/alert-notify.ts sends these.
 * Every message links back to the dashboard over the incident's range and to the users it affected.
 */
import { dashboardSearch } from '../observability/range';
import { describeRule, formatMetricValue, METRIC_INFO, type AlertRuleDefinition } from './rules';

export type AlertNotice = {
  /** The history row's id: receivers deduplicate on it. */
  eventId: number;
  type: 'alert.firing' | 'alert.resolved';
  rule: AlertRuleDefinition & { id: string };
  value: number | null;
  /** When the incident started firing (for resolved: the firing it ends). */
  firingSince: number;
  at: number;
};

export type NoticeLinks = { dashboard: string; affectedUsers: string | null; rule: string };

/** Links relative to the app, or absolute when the public URL is known. */
export function noticeLinks(n: AlertNotice, publicUrl: string | null): NoticeLinks {
  const base = publicUrl ?? '';
  const r = n.rule;
  // The range shows the window before the incident and its end (or now), so the change is visible.
  const from = new Date(n.firingSince - Math.max(r.windowMinutes, 10) * 60_000 * 2);
  const to = new Date(Math.max(n.at, n.firingSince) + 10 * 60_000);
  const view =
    r.metric === 'error_type_failures'
      ? 'errors'
      : r.metric === 'p95_latency' || r.metric === 'p99_latency'
        ? 'operations'
        : '';
  const search = dashboardSearch({
    range: 'custom',
    from,
    to,
    operationType: r.operationType ?? undefined,
    proxy: r.proxy ?? undefined,
    authType: r.authType ?? undefined,
  });
  const dashboard = `${base}/dashboards${view ? `/${view}` : ''}?${search}`;
  let affectedUsers: string | null = null;
  if (METRIC_INFO[r.metric].filters || r.metric === 'auth_required_spike') {
    const s = new URLSearchParams({ range: '24h' });
    if (r.metric === 'error_type_failures' && r.errorType) s.set('error', r.errorType);
    if (r.metric === 'auth_required_spike') s.set('error', 'AUTH_REQUIRED');
    if (r.authType) s.set('auth', r.authType);
    affectedUsers = `${base}/support?${s.toString()}`;
  } else if (r.metric === 'low_stock_count') {
    affectedUsers = null;
  }
  return { dashboard, affectedUsers, rule: `${base}/alerts#rule-${r.id}` };
}

export function noticeTitle(n: AlertNotice): string {
  const v = formatMetricValue(n.rule.metric, n.value);
  return n.type === 'alert.firing' ? `[FIRING] ${n.rule.name}: ${v}` : `[RESOLVED] ${n.rule.name}: ${v}`;
}

/** The signed webhook's JSON body (README "Alert webhooks" documents it). */
export function webhookBody(n: AlertNotice, publicUrl: string | null): string {
  return JSON.stringify({
    id: `alert-event-${n.eventId}`,
    type: n.type,
    occurredAt: new Date(n.at).toISOString(),
    rule: { ...n.rule, description: describeRule(n.rule) },
    value: n.value,
    valueText: formatMetricValue(n.rule.metric, n.value),
    firingSince: new Date(n.firingSince).toISOString(),
    links: noticeLinks(n, publicUrl),
  });
}

/** A Slack-compatible incoming-webhook message (`text` with <url|label> links; also read by Mattermost, Rocket.Chat). */
export function slackBody(n: AlertNotice, publicUrl: string | null): string {
  const l = noticeLinks(n, publicUrl);
  const emoji = n.type === 'alert.firing' ? ':rotating_light:' : ':white_check_mark:';
  const lines = [
    `${emoji} *${noticeTitle(n)}*`,
    describeRule(n.rule),
    `Since ${new Date(n.firingSince).toISOString()}${n.type === 'alert.resolved' ? `, resolved ${new Date(n.at).toISOString()}` : ''}`,
    `<${l.dashboard}|Dashboard>${l.affectedUsers ? ` · <${l.affectedUsers}|Affected users>` : ''} · <${l.rule}|Rule>`,
  ];
  return JSON.stringify({ text: lines.join('\n') });
}

export function emailMessage(n: AlertNotice, publicUrl: string | null): { subject: string; text: string } {
  const l = noticeLinks(n, publicUrl);
  const text = [
    noticeTitle(n),
    '',
    `Rule: ${describeRule(n.rule)}`,
    `Value: ${formatMetricValue(n.rule.metric, n.value)}`,
    `Firing since: ${new Date(n.firingSince).toISOString()}`,
    ...(n.type === 'alert.resolved' ? [`Resolved: ${new Date(n.at).toISOString()}`] : []),
    '',
    `Dashboard: ${l.dashboard}`,
    ...(l.affectedUsers ? [`Affected users: ${l.affectedUsers}`] : []),
    `Rule, acknowledge or silence: ${l.rule}`,
  ].join('\n');
  return { subject: noticeTitle(n), text };
}
