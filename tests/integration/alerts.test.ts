import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db/client';
import type { AlertChannel } from '@/db/schema';
import {
  acknowledgeRule,
  alertHistory,
  applyEvaluation,
  createAnnotation,
  createChannel,
  createRule,
  firingPeriods,
  getRule,
  listAnnotations,
  setRuleEnabled,
  silenceRule,
  type RuleInput,
} from '@/db/queries/alerts';
import { insertOperationLogs } from '@/db/queries/oplog-write';
import { runRollup } from '@/db/queries/observability-rollup';
import { getOverview } from '@/lib/server/dashboard-data';
import { parseDashboardParams } from '@/lib/observability/range';
import { getDashboardView } from '@/lib/server/dashboard-views';
import { resetEnvCache } from '@/lib/env';
import { runJob } from '@/lib/server/jobs';
import type { AlertNotice } from '@/lib/alerts/messages';
import { verifySignature } from '@/lib/webhooks/signature';
import { evaluateAlertRules, sendToChannel } from '@/lib/server/alerts';
import { checkEndpointUrl, sendWebhook } from '@/lib/server/webhook-send';
import { parseWebhookSettings } from '@/lib/webhooks/settings';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { makeStaff } from '../support/factories';
import { makeLocation, makeSkus, receive } from '../support/inventory-factories';
import { failed, opEntry } from '../support/oplog-factories';
import { until } from '../support/until';

const t = useTestDatabase();
const db = () => t.handle.db;

type Received = { headers: http.IncomingHttpHeaders; body: string };
let receiver: http.Server;
let received: Received[] = [];
let receiverUrl = '';
let smtp: SMTPServer;
let mails: string[] = [];
const SECRET = 'whsec_test_secret_0123456789';

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('thanks');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, cb) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString()));
      stream.on('end', () => {
        mails.push(raw);
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  // The receivers run on 127.0.0.1, which the SSRF guard refuses by default (webhookSettings() reads this once).
  process.env.WEBHOOK_ALLOW_NETWORKS = '127.0.0.1/32';
  process.env.NEXTAUTH_URL = 'https://bobbin.example';
  resetEnvCache();
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  delete process.env.WEBHOOK_ALLOW_NETWORKS;
  delete process.env.NEXTAUTH_URL;
  resetEnvCache();
  await new Promise((r) => receiver.close(r));
  await new Promise<void>((r) => smtp.close(() => r()));
});

beforeEach(() => {
  received = [];
  mails = [];
});

const rule = (over: Partial<RuleInput> = {}): RuleInput => ({
  name: 'Success rate low',
  metric: 'success_rate',
  errorType: null,
  operationType: null,
  proxy: null,
  authType: null,
  windowMinutes: 10,
  threshold: 0.9,
  recoveryThreshold: 0.95,
  forSeconds: 0,
  minVolume: 20,
  enabled: true,
  channelIds: [],
  ...over,
});

/** Writes ops at `at` and rolls them up, as the ingest API and the rollup job would. */
async function traffic(at: Date, ok: number, bad: number, errorType = 'TIMEOUT') {
  const entries = [
    ...Array.from({ length: ok }, () => opEntry({ createdAt: at })),
    ...Array.from({ length: bad }, (_, i) => failed(errorType, { createdAt: at, userId: `user-${i % 7}` })),
  ];
  await insertOperationLogs(t.log.query, entries);
  await runRollup(t.log.db);
}

describe(`alert rules evaluated from the rollups (${TEST_DRIVER})`, () => {
  it('fires from real rollups with the dashboard figure, notifies a signed webhook, Slack and email; ack; silence; resolves with hysteresis', async () => {
    const admin = await makeStaff(db(), 'admin');
    const actor = { id: admin.id, label: admin.email };
    const hook = await createChannel(db(), actor, {
      name: 'receiver',
      kind: 'webhook',
      url: receiverUrl,
      emailTo: null,
      enabled: true,
      secret: SECRET,
    });
    const slack = await createChannel(db(), actor, {
      name: 'ops-room',
      kind: 'slack',
      url: `${receiverUrl}?slack`,
      emailTo: null,
      enabled: true,
      secret: null,
    });
    const mail = await createChannel(db(), actor, {
      name: 'on-call',
      kind: 'email',
      url: null,
      emailTo: 'oncall@example.com',
      enabled: true,
      secret: null,
    });
    const { id } = await createRule(db(), actor, rule({ channelIds: [hook.id, slack.id, mail.id] }));

    const now = Date.now();
    await traffic(new Date(now), 10, 40);
    const summary = await evaluateAlertRules({ db: db(), logDb: t.log.db, now });
    expect(summary).toMatchObject({ rules: 1, transitions: 2, notified: 3, failedNotifications: 0, errors: 0 });

    // The value is the overview's success rate over the same range.
    const to = new Date(Math.floor(now / 60_000) * 60_000 + 60_000);
    const overview = await getOverview(t.log.db, {
      range: 'custom',
      from: new Date(to.getTime() - 600_000),
      to,
      refresh: 'off',
    });
    const firing = (await getRule(db(), id))!;
    expect(firing.state).toBe('firing');
    expect(firing.lastValue).toBe(overview.current.successRate);
    expect(firing.lastValue).toBeCloseTo(0.2, 5);

    const webhook = received.find((r) => r.headers['bobbin-event'])!;
    expect(
      verifySignature(
        webhook.headers['bobbin-signature'] as string,
        SECRET,
        webhook.body,
        Math.floor(Date.now() / 1000),
      ),
    ).toEqual({ ok: true });
    expect(
      verifySignature(
        webhook.headers['bobbin-signature'] as string,
        'wrong',
        webhook.body,
        Math.floor(Date.now() / 1000),
      ),
    ).toEqual({ ok: false, reason: 'mismatch' });
    const body = JSON.parse(webhook.body);
    expect(body).toMatchObject({ type: 'alert.firing', rule: { id, name: 'Success rate low' }, valueText: '20.0%' });
    expect(body.links.dashboard).toMatch(/^https:\/\/bobbin\.example\/dashboards\?range=custom&from=/);
    expect(body.links.affectedUsers).toBe('https://bobbin.example/support?range=24h');
    const slackMsg = JSON.parse(received.find((r) => !r.headers['bobbin-event'])!.body);
    expect(slackMsg.text).toMatch(/\[FIRING\] Success rate low: 20\.0%/);
    expect(slackMsg.text).toMatch(/<https:\/\/bobbin\.example\/dashboards\?[^|]+\|Dashboard>/);
    await until(() => (mails.length ? mails : undefined), 'the firing email');
    expect(mails[0]).toMatch(/Subject: \[FIRING\] Success rate low: 20\.0%/);
    expect(mails[0]).toMatch(/To: oncall@example\.com/);

    // Evaluating again changes nothing (no repeated notification).
    received = [];
    expect(await evaluateAlertRules({ db: db(), logDb: t.log.db, now: now + 1000 })).toMatchObject({
      transitions: 0,
      notified: 0,
    });
    expect(received).toHaveLength(0);

    await acknowledgeRule(db(), actor, id, 'looking at the proxy pool');
    expect((await getRule(db(), id))!).toMatchObject({ ackNote: 'looking at the proxy pool', ackedBy: admin.id });
    await silenceRule(db(), actor, id, new Date(now + 3_600_000), 'maintenance');

    // Back to 93%: above the threshold, below the recovery threshold (95%): still firing.
    await traffic(new Date(now), 480, 0);
    await evaluateAlertRules({ db: db(), logDb: t.log.db, now: now + 2000 });
    expect((await getRule(db(), id))!.state).toBe('firing');
    // 98%: resolved; silenced, so nobody is told, and the history says so.
    await traffic(new Date(now), 1500, 0);
    await evaluateAlertRules({ db: db(), logDb: t.log.db, now: now + 3000 });
    const resolved = (await getRule(db(), id))!;
    expect(resolved).toMatchObject({ state: 'resolved', ackNote: null, ackedAt: null });
    expect(received).toHaveLength(0);

    const history = await alertHistory(db(), { ruleId: id });
    expect(history.map((h) => (h.kind === 'transition' ? `${h.fromState}>${h.toState}` : h.kind))).toEqual([
      'firing>resolved',
      'silence',
      'ack',
      'pending>firing',
    ]);
    expect(history[0]!.notified).toEqual([
      { channel: 'all', ok: true, detail: expect.stringMatching(/^silenced until/) },
    ]);
    expect(history[3]!.notified!.map((n) => n.ok)).toEqual([true, true, true]);
    expect(history[2]).toMatchObject({ note: 'looking at the proxy pool', actor: admin.email });

    const periods = await firingPeriods(db(), { from: new Date(now - 3_600_000), to: new Date(now + 3_600_000) });
    expect(periods).toEqual([{ ruleId: id, ruleName: 'Success rate low', start: now, end: now + 3000 }]);
  });

  it('error-type, minimum volume, and a rule disabled while firing resolves; the job runs it under its lease', async () => {
    const admin = await makeStaff(db(), 'admin');
    const actor = { id: admin.id, label: admin.email };
    const { id } = await createRule(
      db(),
      actor,
      rule({
        name: 'Timeouts',
        metric: 'error_type_failures',
        errorType: 'TIMEOUT',
        threshold: 5,
        recoveryThreshold: 1,
        minVolume: 0,
      }),
    );
    const quiet = await createRule(db(), actor, rule({ name: 'Needs volume', minVolume: 1000 }));
    await traffic(new Date(), 5, 8, 'TIMEOUT');
    const run = await runJob('alerts', { handle: t.handle });
    expect(run).toMatchObject({
      ran: true,
      summary: expect.stringMatching(/^2 rule\(s\) evaluated, 2 transition\(s\)/),
    });
    expect((await getRule(db(), id))!).toMatchObject({ state: 'firing', lastValue: 8 });
    expect((await getRule(db(), quiet.id))!).toMatchObject({ state: 'ok', lastVolume: 13 });
    await setRuleEnabled(db(), actor, id, false);
    expect((await getRule(db(), id))!.state).toBe('resolved');
    const h = await alertHistory(db(), { ruleId: id });
    expect(h[0]).toMatchObject({ fromState: 'firing', toState: 'resolved', note: 'rule disabled' });
    // Disabled rules are not evaluated.
    expect(await evaluateAlertRules({ db: db(), logDb: t.log.db })).toMatchObject({ rules: 1 });
  });

  it('ingest lag: the age of rows the rollups have not counted yet, 0 once rolled up; low-stock count from the inventory', async () => {
    const admin = await makeStaff(db(), 'admin');
    const actor = { id: admin.id, label: admin.email };
    const lag = await createRule(
      db(),
      actor,
      rule({ name: 'Lag', metric: 'ingest_lag', threshold: 60, recoveryThreshold: 10, minVolume: 0 }),
    );
    const low = await createRule(
      db(),
      actor,
      rule({ name: 'Low stock', metric: 'low_stock_count', threshold: 0, recoveryThreshold: null, minVolume: 0 }),
    );
    await insertOperationLogs(t.log.query, [opEntry({ createdAt: new Date(Date.now() - 300_000) })]);
    await evaluateAlertRules({ db: db(), logDb: t.log.db });
    expect((await getRule(db(), lag.id))!.state).toBe('firing');
    expect((await getRule(db(), lag.id))!.lastValue).toBeGreaterThanOrEqual(299);
    expect((await getRule(db(), low.id))!).toMatchObject({ state: 'ok', lastValue: 0 });
    await runRollup(t.log.db);
    const loc = await makeLocation(db());
    const [sku] = await makeSkus(db(), 1);
    await receive(db(), sku!.id, loc.id, 2);
    await db().execute(sql`update stock_levels set reorder_point = 5`);
    await evaluateAlertRules({ db: db(), logDb: t.log.db });
    expect((await getRule(db(), lag.id))!).toMatchObject({ state: 'resolved', lastValue: 0 });
    expect((await getRule(db(), low.id))!).toMatchObject({ state: 'firing', lastValue: 1 });
  });

  it('the dashboards get the firing periods and notes as chart marks, and the previous period as a series', async () => {
    const admin = await makeStaff(db(), 'admin');
    const actor = { id: admin.id, label: admin.email };
    const now = Date.now();
    await createRule(db(), actor, rule({ minVolume: 1 }));
    await traffic(new Date(now), 0, 5);
    await evaluateAlertRules({ db: db(), logDb: t.log.db, now });
    await createAnnotation(db(), actor, { at: new Date(now - 60_000), endAt: null, text: 'deployed 2.3' });
    const p = parseDashboardParams({ range: '1h' });
    const data = await getDashboardView(t.log.db, 'overview', p, db());
    expect(data.meta.marks).toEqual([
      { kind: 'alert', start: now, end: data.meta.to, label: 'Success rate low' },
      { kind: 'note', start: now - 60_000, end: null, label: 'deployed 2.3' },
    ]);
    if (data.view !== 'overview') throw new Error('overview expected');
    expect(data.overview.previousSeries).toHaveLength(data.overview.series.length);
    // Empty buckets: no rate (a gap), a count of 0.
    const empty = data.overview.series.find((s) => s.total === 0)!;
    expect(empty.successRate).toBeNull();
  });

  it('refuses a recovery threshold on the wrong side with a field error', async () => {
    const admin = await makeStaff(db(), 'admin');
    await expect(
      createRule(db(), { id: admin.id, label: admin.email }, rule({ recoveryThreshold: 0.5 })),
    ).rejects.toMatchObject({ fieldErrors: { recoveryThreshold: [expect.stringMatching(/at or above/)] } });
    expect(rowsOf<{ n: number }>(await db().execute(sql`select count(*)::int as n from alert_rules`))[0]!.n).toBe(0);
  });

  it('annotations in a range, with periods that started before it', async () => {
    const admin = await makeStaff(db(), 'admin');
    const actor = { id: admin.id, label: admin.email };
    const base = Date.UTC(2026, 5, 1, 12);
    await createAnnotation(db(), actor, { at: new Date(base), endAt: null, text: 'deployed 2.3' });
    await createAnnotation(db(), actor, {
      at: new Date(base - 7_200_000),
      endAt: new Date(base + 600_000),
      text: 'proxy provider changed',
    });
    await createAnnotation(db(), actor, { at: new Date(base - 86_400_000), endAt: null, text: 'old' });
    const list = await listAnnotations(db(), { from: new Date(base - 3_600_000), to: new Date(base + 3_600_000) });
    expect(list.map((a) => a.text)).toEqual(['proxy provider changed', 'deployed 2.3']);
    await expect(
      createAnnotation(db(), actor, { at: new Date(base), endAt: new Date(base - 1), text: 'x' }),
    ).rejects.toMatchObject({ fieldErrors: { endAt: [expect.any(String)] } });
  });
});

describe(`alert transitions reach the outbox (${TEST_DRIVER})`, () => {
  const outbox = async () =>
    rowsOf<{ type: string; entity_key: string; payload: Record<string, unknown> }>(
      await db().execute(sql`select type, entity_key, payload from outbox_events order by id`),
    );

  it('a firing transition leaves exactly one alert.firing event; a rolled-back evaluation leaves none', async () => {
    const admin = await makeStaff(db(), 'admin');
    const actor = { id: admin.id, label: admin.email };
    const { id } = await createRule(db(), actor, rule());
    const now = Date.now();
    const breach = { value: 0.2, volume: 50 };

    const rollback = new Error('rolled back');
    await expect(
      db().transaction(async (tx) => {
        expect((await applyEvaluation(tx as unknown as Db, id, breach, now))!.transitions).toHaveLength(2);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(await outbox()).toEqual([]);
    expect((await getRule(db(), id))!.state).toBe('ok');

    const applied = (await applyEvaluation(db(), id, breach, now))!;
    expect(applied.transitions.map((x) => x.to)).toEqual(['pending', 'firing']);
    const events = await outbox();
    expect(events).toHaveLength(1); // ok → pending is not an outbox event
    expect(events[0]).toMatchObject({
      type: 'alert.firing',
      entity_key: `alert_rule:${id}`,
      payload: {
        ruleId: id,
        name: 'Success rate low',
        from: 'pending',
        to: 'firing',
        value: 0.2,
        alertEventId: applied.transitions[1]!.eventId,
      },
    });

    // Disabling the firing rule resolves it: an alert.resolved event in the same transaction.
    await setRuleEnabled(db(), actor, id, false);
    expect((await outbox()).map((e) => `${e.type} ${e.entity_key}`)).toEqual([
      `alert.firing alert_rule:${id}`,
      `alert.resolved alert_rule:${id}`,
    ]);
  });
});

describe("SSRF guard for channel URLs (the outbound webhooks' guard)", () => {
  const strict = parseWebhookSettings({ WEBHOOK_TIMEOUT_MS: '2000' });
  const allowed = parseWebhookSettings({ WEBHOOK_ALLOW_NETWORKS: '127.0.0.1/32' });

  it('refuses loopback, link-local/metadata and localhost names unless the network is allowed', async () => {
    const refused = [
      'http://127.0.0.1:8080/x',
      'http://[::1]/x',
      'http://169.254.169.254/latest/meta-data',
      'http://localhost/x',
      'http://metadata.google.internal/',
      'http://0.0.0.0/',
      'http://[::ffff:127.0.0.1]/',
      'http://[fd00:ec2::254]/',
    ];
    for (const url of refused) expect(await checkEndpointUrl(url, strict.allowNetworks), url).toMatch(/^Refused: /);
    expect(await checkEndpointUrl('ftp://example.com/x', allowed.allowNetworks)).toMatch(/http or https/);
    expect(await checkEndpointUrl('https://user:pw@example.com/x', allowed.allowNetworks)).toMatch(/credentials/);
    expect(await checkEndpointUrl('http://127.0.0.1:8080/x', allowed.allowNetworks)).toBeNull();
    // At send time as well: the receiver is on loopback, so without the setting nothing is posted.
    expect(await sendWebhook(receiverUrl, {}, '{}', strict)).toMatchObject({
      ok: false,
      status: null,
      error: expect.stringMatching(/loopback/),
    });
    // And the alert channel's sender goes through that guard.
    const hook: AlertChannel = {
      id: 'c',
      name: 'receiver',
      kind: 'webhook',
      url: receiverUrl,
      secret: SECRET,
      emailTo: null,
      enabled: true,
      createdAt: new Date(),
    };
    const { enabled: _e, channelIds: _c, ...r } = rule();
    const notice: AlertNotice = {
      eventId: 1,
      type: 'alert.firing',
      rule: { ...r, id: 'r' },
      value: 0.2,
      firingSince: Date.now(),
      at: Date.now(),
    };
    const viaChannel = await sendToChannel(hook, notice, undefined, strict);
    expect(viaChannel).toMatchObject({
      channel: 'webhook:receiver',
      ok: false,
      detail: expect.stringMatching(/loopback/),
    });
    expect(received).toHaveLength(0);
  });
});
