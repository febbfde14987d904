import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { verifySignature } from '../lib/webhooks/signature';
import { until } from '../tests/support/until';
import { ADMIN, submitLogin, unique } from './helpers';

// The embedded server catches up on the seeded log's rollup after start-up, one statement at a time: pages can
// wait behind it on a loaded machine. Generous waits for the UI; the logic has its own tests.
const ui = expect.configure({ timeout: 90_000 });

type Hook = { headers: http.IncomingHttpHeaders; body: string; at: number };

/** A local webhook receiver, as a storefront or an on-call bridge would run. */
async function startReceiver() {
  const got: Hook[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      got.push({ headers: req.headers, body, at: Math.floor(Date.now() / 1000) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    got,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/bobbin`,
    close: () => new Promise((r) => server.close(r)),
  };
}

/** Runs a job through the cron endpoint; a 202 means the server's own timer holds it right now: ask again. */
async function runJob(request: APIRequestContext, key: string, name: string) {
  await until(
    async () =>
      (await request.post(`/api/jobs/${name}`, { headers: { authorization: `Bearer ${key}` } })).status() === 200
        ? true
        : undefined,
    `job ${name} to run`,
    { timeoutMs: 300_000 },
  );
}

async function ingest(request: APIRequestContext, key: string, proxy: string, ok: number, bad: number) {
  const entries = [
    ...Array.from({ length: bad }, (_, i) => ({
      userId: `alert-user-${i % 5}`,
      platformAccountId: 'acct-e2e',
      operationType: 'GET_REVIEWS',
      status: 'FAILED',
      errorType: 'TIMEOUT',
      executionTimeMs: 900,
      proxyUsed: proxy,
    })),
    ...Array.from({ length: ok }, (_, i) => ({
      userId: `alert-user-${i % 5}`,
      platformAccountId: 'acct-e2e',
      operationType: 'GET_REVIEWS',
      status: 'SUCCESS',
      executionTimeMs: 120,
      proxyUsed: proxy,
    })),
  ];
  const res = await request.post('/api/v1/oplog', { headers: { authorization: `Bearer ${key}` }, data: { entries } });
  expect(res.status(), await res.text()).toBe(201);
}

test('a rule and a signed webhook channel: failing operations fire it, the receiver verifies the signature, the UI shows it firing; acknowledge; resolve', async ({
  page,
  request,
}) => {
  test.setTimeout(900_000);
  const receiver = await startReceiver();
  const id = unique();
  // A proxy only this test uses, so the rule sees this test's operations alone.
  const proxy = `proxy-alert-${id}`;
  const ruleName = `Proxy ${id} success rate`;
  try {
    await page.goto('/login');
    await submitLogin(page, ADMIN.email, ADMIN.password);
    // Generous: password hashing is slow on a loaded machine, never wrong.
    await ui(page.getByTestId('current-user')).toBeVisible();

    // An API key for the ingest API and the job endpoint.
    await page.goto('/api-keys');
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(`alerts-e2e-${id}`);
    await page.locator('input[name="scopes"][value="oplog:write"]').check();
    await page.locator('input[name="scopes"][value="jobs:run"]').check();
    await page.getByRole('button', { name: 'Create key' }).click();
    await ui(page.getByTestId('new-api-key-value')).toBeVisible();
    const key = (await page.getByTestId('new-api-key-value').textContent())!.trim();

    // A signed webhook channel to the receiver; the secret is shown once.
    await page.getByRole('link', { name: 'Alerts' }).click();
    await ui(page.getByRole('heading', { name: 'Alerts', level: 1 })).toBeVisible();
    const channelForm = page.getByTestId('channel-form');
    await channelForm.getByRole('textbox', { name: 'Name', exact: true }).fill(`receiver-${id}`);
    await channelForm.getByLabel('URL').fill(receiver.url);
    await channelForm.getByRole('button', { name: 'Add channel' }).click();
    await ui(page.getByTestId('channel-secret')).toBeVisible();
    const secret = (await page.getByTestId('channel-secret').textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);

    // The rule: success rate of that proxy below 80%, resolving only at 90% or more.
    const ruleForm = page.getByTestId('rule-form');
    await ruleForm.getByRole('textbox', { name: 'Name', exact: true }).fill(ruleName);
    await ruleForm.getByRole('textbox', { name: 'Proxy', exact: true }).fill(proxy);
    await ruleForm.getByLabel('Threshold', { exact: true }).fill('0.8');
    await ruleForm.getByLabel('Recovery threshold').fill('0.9');
    await ruleForm.getByLabel('For (min)').fill('0');
    await ruleForm.getByLabel('Minimum volume').fill('10');
    await ruleForm.getByLabel(`receiver-${id}`).check();
    await ruleForm.getByRole('button', { name: 'Create rule' }).click();
    await ui(page.getByTestId('rule-form-message')).toHaveText(`Rule “${ruleName}” saved.`);
    const row = page.getByTestId(`rule-${ruleName}`);
    await ui(row).toContainText('Success rate below 80.0% over 10 min (recovers at 90.0%)');

    // 30 failures through the ingest API; the rollup and the evaluation run through the job endpoint.
    await ingest(request, key, proxy, 2, 30);
    const firing = await until(
      async () => {
        await runJob(request, key, 'rollup');
        await runJob(request, key, 'alerts');
        return receiver.got.find((h) => h.body.includes('"alert.firing"') && h.body.includes(proxy));
      },
      'the firing webhook',
      { timeoutMs: 300_000 },
    );
    expect(verifySignature(firing.headers['bobbin-signature'] as string, secret, firing.body, firing.at)).toEqual({
      ok: true,
    });
    expect(
      verifySignature(firing.headers['bobbin-signature'] as string, 'whsec_wrong', firing.body, firing.at),
    ).toEqual({ ok: false, reason: 'mismatch' });
    const message = JSON.parse(firing.body);
    expect(message).toMatchObject({ type: 'alert.firing', rule: { name: ruleName, proxy }, valueText: '6.3%' });
    expect(message.links.dashboard).toContain(`/dashboards?range=custom&from=`);
    expect(message.links.dashboard).toContain(`proxy=${proxy}`);
    expect(message.links.affectedUsers).toContain('/support?range=24h');

    // The UI shows it firing; acknowledge with a note.
    await page.reload();
    await ui(row.getByText('firing', { exact: true })).toBeVisible();
    // The seeded demo traffic may have other rules firing too: this rule's entry.
    const active = page.getByTestId('alerts-active').locator('li').filter({ hasText: ruleName });
    await ui(active).toBeVisible();
    await active.getByLabel('Acknowledgement note').fill('Ana is swapping the proxy');
    await active.getByRole('button', { name: 'Acknowledge' }).click();
    await ui(active).toContainText('“Ana is swapping the proxy”');

    // Recovery: 300 successes (2+300 of 332 = 91%, past the 90% recovery threshold) resolve it.
    await ingest(request, key, proxy, 300, 0);
    const resolved = await until(
      async () => {
        await runJob(request, key, 'rollup');
        await runJob(request, key, 'alerts');
        return receiver.got.find((h) => h.body.includes('"alert.resolved"') && h.body.includes(proxy));
      },
      'the resolved webhook',
      { timeoutMs: 300_000 },
    );
    expect(verifySignature(resolved.headers['bobbin-signature'] as string, secret, resolved.body, resolved.at)).toEqual(
      { ok: true },
    );
    expect(JSON.parse(resolved.body)).toMatchObject({ type: 'alert.resolved', valueText: '91.0%' });
    await page.reload();
    await ui(row.getByText('resolved', { exact: true })).toBeVisible();
    const history = page.getByTestId('alert-history');
    await ui(history).toContainText(ruleName);
    await ui(history).toContainText(`“Ana is swapping the proxy” — ${ADMIN.email}`);
    await ui(history).toContainText(`webhook:receiver-${id}: HTTP 204`);
  } finally {
    await receiver.close();
  }
});
