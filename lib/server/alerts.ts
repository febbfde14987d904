// Server glue for alert rules (issue #16): measuring from the rollups, the evaluation job, the channels.
import nodemailer from 'nodemailer';
import type { Db, LogDb } from '../../db/client';
import {
  applyEvaluation,
  channelsOfRule,
  ingestLagSeconds,
  listRules,
  markNotified,
  type RuleWithChannels,
} from '../../db/queries/alerts';
import { countLowStock } from '../../db/queries/inventory-read';
import { alertMinutes, rollupCounts } from '../../db/queries/observability';
import { countedRowsSql } from '../../db/queries/observability-rollup';
import type { AlertChannel } from '../../db/schema';
import { emailMessage, slackBody, webhookBody, type AlertNotice } from '../alerts/messages';
import { authSpike, type Sample } from '../alerts/rules';
import { getEnv } from '../env';
import { filterOf, getOverview } from './dashboard-data';
import type { DashboardParams } from '../observability/range';
import { signatureHeader, SIGNATURE_HEADER } from '../webhooks/signature';
import { webhookSettings, type WebhookSettings } from '../webhooks/settings';
import { log } from './log';
import { sendWebhook } from './webhook-send';

const MIN = 60_000;

/**
 * What a rule measures now, computed as the dashboards compute it: the overview's figures (getOverview) for rates
 * and percentiles, the errors view's counts (rollupCounts by error type), the overview's per-minute alert rollup
 * for the AUTH_REQUIRED spike. The range ends at the next whole minute like the dashboards' (so it includes
 * the current minute); a filtered rule reads hour rows, as a filtered dashboard does.
 */
export async function measureRule(rule: RuleWithChannels, ctx: { db: Db; logDb: LogDb; now: number }): Promise<Sample> {
  const to = new Date(Math.floor(ctx.now / MIN) * MIN + MIN);
  const p: DashboardParams = {
    range: 'custom',
    from: new Date(to.getTime() - rule.windowMinutes * MIN),
    to,
    operationType: rule.operationType ?? undefined,
    proxy: rule.proxy ?? undefined,
    authType: rule.authType ?? undefined,
    refresh: 'off',
  };
  switch (rule.metric) {
    case 'success_rate':
    case 'p95_latency':
    case 'p99_latency': {
      const { current } = await getOverview(ctx.logDb, p);
      const value =
        rule.metric === 'success_rate'
          ? current.successRate
          : rule.metric === 'p95_latency'
            ? current.p95
            : current.p99;
      return { value, volume: current.total };
    }
    case 'error_type_failures': {
      const rows = await rollupCounts(ctx.logDb, filterOf(p, false), 'error', false);
      const failed = rows.filter((r) => r.key === rule.errorType).reduce((a, r) => a + r.failed, 0);
      return { value: failed, volume: rows.reduce((a, r) => a + r.total, 0) };
    }
    case 'auth_required_spike': {
      const minutes = await alertMinutes(ctx.logDb, { from: new Date(p.from.getTime() - 60 * MIN), to });
      return authSpike(minutes, to.getTime(), rule.windowMinutes);
    }
    case 'ingest_lag':
      return {
        value: await ingestLagSeconds(ctx.logDb, await countedRowsSql(ctx.logDb)),
        volume: Number.MAX_SAFE_INTEGER,
      };
    case 'low_stock_count': {
      const n = await countLowStock(ctx.db);
      return { value: n, volume: Number.MAX_SAFE_INTEGER };
    }
  }
}

export type NotifyResult = { channel: string; ok: boolean; detail: string };

/**
 * Sends one notice to one channel; never throws (the result says what happened). Webhook and Slack channels post
 * through the outbound webhooks' sender (lib/server/webhook-send.ts): the same SSRF guard, WEBHOOK_ALLOW_NETWORKS,
 * timeout and response cap.
 */
export async function sendToChannel(
  channel: AlertChannel,
  notice: AlertNotice,
  nowSeconds = Math.floor(Date.now() / 1000),
  settings: WebhookSettings = webhookSettings(),
): Promise<NotifyResult> {
  const env = getEnv().alerts;
  const name = `${channel.kind}:${channel.name}`;
  try {
    if (channel.kind === 'webhook' || channel.kind === 'slack') {
      if (!channel.url) return { channel: name, ok: false, detail: 'no URL' };
      const body = channel.kind === 'webhook' ? webhookBody(notice, env.publicUrl) : slackBody(notice, env.publicUrl);
      const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Bobbin-Alerts/1' };
      if (channel.kind === 'webhook' && channel.secret) {
        headers[SIGNATURE_HEADER] = signatureHeader([channel.secret], body, nowSeconds);
        headers['Bobbin-Event'] = notice.type;
      }
      const r = await sendWebhook(channel.url, headers, body, settings);
      const answer =
        r.status === null ? (r.error ?? 'failed') : `HTTP ${r.status}${r.body ? `: ${r.body.slice(0, 200)}` : ''}`;
      const detail = `${answer}${r.status !== null && r.error ? ` (${r.error})` : ''} (${Math.round(r.latencyMs)} ms)`;
      return { channel: name, ok: r.ok, detail };
    }
    if (!env.smtpUrl) return { channel: name, ok: false, detail: 'SMTP not configured (set SMTP_URL)' };
    if (!channel.emailTo) return { channel: name, ok: false, detail: 'no recipients' };
    const transport = nodemailer.createTransport(env.smtpUrl, {
      connectionTimeout: 5000,
      greetingTimeout: 5000,
      socketTimeout: 10_000,
    });
    try {
      const m = emailMessage(notice, env.publicUrl);
      const info = await transport.sendMail({
        from: env.emailFrom,
        to: channel.emailTo,
        subject: m.subject,
        text: m.text,
      });
      return {
        channel: name,
        ok: info.rejected.length === 0,
        detail: `accepted ${info.accepted.length}, rejected ${info.rejected.length}`,
      };
    } finally {
      transport.close();
    }
  } catch (err) {
    return { channel: name, ok: false, detail: (err as Error).message.slice(0, 200) };
  }
}

export type EvaluationSummary = {
  rules: number;
  transitions: number;
  notified: number;
  failedNotifications: number;
  errors: number;
};

/**
 * One evaluation of every enabled rule (the `alerts` job): measure, step the state machine under the rule's row
 * lock, record transitions, then — after commit — notify the rule's channels of firing and resolved transitions
 * unless the rule is silenced. A rule whose measurement fails is skipped this run (logged), the others go on.
 */
export async function evaluateAlertRules(ctx: { db: Db; logDb: LogDb; now?: number }): Promise<EvaluationSummary> {
  const now = ctx.now ?? Date.now();
  const rules = (await listRules(ctx.db)).filter((r) => r.enabled);
  const out: EvaluationSummary = {
    rules: rules.length,
    transitions: 0,
    notified: 0,
    failedNotifications: 0,
    errors: 0,
  };
  for (const rule of rules) {
    try {
      const sample = await measureRule(rule, { db: ctx.db, logDb: ctx.logDb, now });
      const applied = await applyEvaluation(ctx.db, rule.id, sample, now);
      if (!applied) continue;
      out.transitions += applied.transitions.length;
      const loud = applied.transitions.filter((t) => t.to === 'firing' || t.to === 'resolved');
      if (!loud.length) continue;
      const silenced = applied.rule.silencedUntil !== null && applied.rule.silencedUntil.getTime() > now;
      const channels = silenced ? [] : await channelsOfRule(ctx.db, rule.id);
      for (const t of loud) {
        const notice: AlertNotice = {
          eventId: t.eventId,
          type: t.to === 'firing' ? 'alert.firing' : 'alert.resolved',
          rule: {
            id: rule.id,
            name: rule.name,
            metric: rule.metric,
            errorType: rule.errorType,
            operationType: rule.operationType,
            proxy: rule.proxy,
            authType: rule.authType,
            windowMinutes: rule.windowMinutes,
            threshold: rule.threshold,
            recoveryThreshold: rule.recoveryThreshold,
            forSeconds: rule.forSeconds,
            minVolume: rule.minVolume,
          },
          value: t.value,
          firingSince: t.to === 'firing' ? t.at : applied.firingSince,
          at: t.at,
        };
        const results = await Promise.all(channels.map((c) => sendToChannel(c, notice)));
        if (silenced)
          results.push({
            channel: 'all',
            ok: true,
            detail: `silenced until ${applied.rule.silencedUntil!.toISOString()}`,
          });
        for (const r of results) {
          if (r.channel === 'all') continue;
          if (r.ok) out.notified++;
          else {
            out.failedNotifications++;
            log.warn({ rule: rule.name, channel: r.channel, detail: r.detail }, 'alert notification failed');
          }
        }
        await markNotified(ctx.db, t.eventId, results);
      }
    } catch (err) {
      out.errors++;
      log.error({ rule: rule.name, err }, 'alert rule evaluation failed');
    }
  }
  return out;
}
