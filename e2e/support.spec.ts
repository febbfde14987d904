import { expect, test, type APIRequestContext, type Browser } from '@playwright/test';
import { ADMIN, MERCH, NAV_MERCH, NAV_SUPPORT, SUPPORT, expectNav, freshContext, signIn, unique } from './helpers';

/** An admin creates an ingest key in the UI and reads it off the one-time display. */
async function createIngestKey(browser: Browser): Promise<string> {
  const context = await freshContext(browser);
  try {
    const page = await context.newPage();
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.goto('/api-keys');
    // A textbox: the list's column chooser has a "Name" checkbox too.
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(`e2e ingest ${unique()}`);
    await page.getByRole('checkbox', { name: /oplog:write/ }).check();
    await page.getByRole('button', { name: 'Create key' }).click();
    await expect(page.getByTestId('new-api-key')).toContainText('it will not be shown again');
    const key = (await page.getByTestId('new-api-key-value').textContent())!.trim();
    expect(key).toMatch(/^bob_/);
    return key;
  } finally {
    await context.close();
  }
}

async function post(request: APIRequestContext, key: string, path: string, data: unknown) {
  return request.post(path, { data, headers: { authorization: `Bearer ${key}` } });
}

test('support investigates a CRITICAL user: window, TIMEOUT failures, redacted payload', async ({
  page,
  browser,
  request,
}) => {
  const key = await createIngestKey(browser);
  const userId = `e2e-${unique()}`;
  const now = Date.now();

  // The platform tooling reports 10 logins (8 failed, the newest 4 in a row) and a day of operations.
  const statuses = [
    'FAILED',
    'FAILED',
    'FAILED',
    'FAILED',
    'SUCCESS',
    'FAILED',
    'SUCCESS',
    'FAILED',
    'FAILED',
    'FAILED',
  ];
  const results = statuses.map((status, i) => ({
    userId,
    platformAccountId: `${userId}-acct`,
    status,
    authType: '2FA',
    email: `${userId}@shop.example`,
    errorType: status === 'FAILED' ? 'AUTH_REQUIRED' : null,
    createdAt: new Date(now - i * 60_000).toISOString(),
  }));
  const loginRes = await post(request, key, '/api/v1/login-results', { results });
  expect(loginRes.status()).toBe(201);
  expect((await loginRes.json()).profiles.at(-1)).toMatchObject({ grade: 'CRITICAL', sessionStabilityScore: 20 });

  // 12 failed operations (9 TIMEOUT, 3 RATE_LIMIT) and 6 successes. The 8 failed logins above also reach the
  // log (as CHECK_LOGIN / AUTH_REQUIRED, through the buffered logger), so TIMEOUT must outnumber them to stay
  // the dominant error whenever the logger flushes.
  const failedOps = 12;
  const entries = Array.from({ length: 18 }, (_, i) => ({
    userId,
    platformAccountId: `${userId}-acct`,
    operationType: i % 2 ? 'GET_REVIEWS' : 'ADD_REPLY',
    status: i < failedOps ? 'FAILED' : 'SUCCESS',
    errorType: i < failedOps ? (i % 4 === 0 ? 'RATE_LIMIT' : 'TIMEOUT') : null,
    errorCode: i < failedOps ? 'E_NAV' : null,
    errorMessage: i < failedOps ? 'Navigation timeout of 10000 ms exceeded' : null,
    executionTimeMs: i < failedOps ? 10_500 + i : 400 + i,
    retryCount: i < failedOps ? 2 : 0,
    proxyUsed: i < failedOps ? 'proxy-ams-2' : 'proxy-fra-1',
    userAgent: 'BobbinBot/2.3',
    createdAt: new Date(now - (i + 1) * 120_000).toISOString(),
    requestPayload: {
      shopId: 'shop-e2e',
      login: { user: `${userId}@shop.example`, password: 'hunter2-secret' },
      apiKey: 'live-key-123',
    },
    responseSummary: { httpStatus: i < 6 ? 0 : 200 },
  }));
  // A bad entry first: nothing is written, and the error names the entry and field.
  const bad = await post(request, key, '/api/v1/oplog', {
    entries: [...entries, { ...entries[0], operationType: 'HACK' }],
  });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.fieldErrors).toEqual({ 'entries.18.operationType': [expect.any(String)] });
  const ok = await post(request, key, '/api/v1/oplog', { entries });
  expect(ok.status()).toBe(201);
  expect(await ok.json()).toEqual({ accepted: 18 });

  // Support starts from the failing-users page.
  await signIn(page, SUPPORT.email, SUPPORT.password);
  await expectNav(page, NAV_SUPPORT);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Failing users' }).click();
  await page.getByLabel('User id, platform account or email').fill(`${userId}@shop.example`);
  await page.getByLabel('Grade').selectOption('CRITICAL');
  await page.getByRole('button', { name: 'Apply' }).click();
  const row = page.getByTestId(`failing-user-${userId}`);
  await expect(row).toContainText('CRITICAL');
  await expect(row).toContainText('20.00');
  await expect(row).toContainText('TIMEOUT'); // the dominant error
  await row.getByRole('link', { name: userId }).click();

  // The user page: score, grade, the last-10 window newest first, the streak called out.
  await expect(page.getByRole('heading', { name: `User ${userId}` })).toBeVisible();
  const card = page.getByTestId('profile-card');
  await expect(card).toContainText('20.00');
  await expect(card).toContainText('CRITICAL');
  await expect(card).toContainText('2FA');
  const marks = card.getByTestId('login-window').getByRole('listitem');
  await expect(marks).toHaveCount(10);
  expect(await marks.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual(statuses);
  await expect(page.getByTestId('failure-streak')).toHaveText(/^4 consecutive failed logins/);
  await expect(page.getByTestId('error-breakdown')).toContainText('TIMEOUT');
  await expect(page.getByTestId('proxy-breakdown')).toContainText('proxy-ams-2');

  // Filter the timeline to FAILED TIMEOUT operations.
  // Scoped to the filter form: the table's column chooser has a "Status" checkbox too.
  const filters = page.getByRole('form', { name: 'Filter the timeline' });
  await filters.getByRole('combobox', { name: 'Status', exact: true }).selectOption('FAILED');
  await filters.getByRole('combobox', { name: 'Error type', exact: true }).selectOption('TIMEOUT');
  await filters.getByRole('button', { name: 'Filter', exact: true }).click();
  await expect(page).toHaveURL(/status=FAILED/);
  await expect(page).toHaveURL(/error=TIMEOUT/);
  const rows = page.getByTestId('timeline-row');
  await expect(rows).toHaveCount(9);
  for (const status of await rows.evaluateAll((els) =>
    els.map((e) => `${e.getAttribute('data-status')} ${e.getAttribute('data-error')}`),
  )) {
    expect(status).toBe('FAILED TIMEOUT');
  }
  // Oldest first by the Time header (the filters stay); the CSV export is the same rows in the same order.
  const times = () => rows.locator('time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')!));
  const newestFirst = await times();
  await page.getByTestId('sort-time').click();
  await expect(page).toHaveURL(/sort=time/);
  await expect(page).toHaveURL(/status=FAILED/);
  await expect(page.getByRole('columnheader', { name: /Time/ }).first()).toHaveAttribute('aria-sort', 'ascending');
  await expect(rows).toHaveCount(9);
  const oldestFirst = await times();
  expect(oldestFirst).toEqual([...newestFirst].reverse());
  const csv = await (await page.request.get((await page.getByTestId('timeline-csv').getAttribute('href'))!)).text();
  const lines = csv.trim().split('\n');
  expect(lines[0]).toMatch(/^id,created_at,operation_type/);
  expect(lines.slice(1).map((l) => new Date(l.split(',')[1]!).toISOString())).toEqual(oldestFirst);

  // Open one: its details, with the secrets redacted.
  await rows.first().locator('summary').click();
  const details = rows.first().getByTestId('operation-details');
  await expect(details).toBeVisible();
  await expect(details).toContainText('Navigation timeout of 10000 ms exceeded');
  await expect(details).toContainText('proxy-ams-2');
  await expect(details).toContainText('BobbinBot/2.3');
  await expect(details).toContainText('"password": "[REDACTED]"');
  await expect(details).toContainText('"apiKey": "[REDACTED]"');
  await expect(details).toContainText('shop-e2e');
  await expect(page.getByText('hunter2-secret')).toHaveCount(0);
  await expect(page.getByText('live-key-123')).toHaveCount(0);
});

test('the ingest API refuses requests without a valid key, and oversized bodies', async ({ request, browser }) => {
  const none = await request.post('/api/v1/oplog', { data: { entries: [] } });
  expect(none.status()).toBe(401);
  const wrong = await request.post('/api/v1/oplog', {
    data: { entries: [] },
    headers: { authorization: 'Bearer bob_not-a-real-key' },
  });
  expect(wrong.status()).toBe(401);
  const key = await createIngestKey(browser);
  const huge = await request.post('/api/v1/oplog', {
    data: Buffer.from('x'.repeat(6 * 1024 * 1024)),
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  });
  expect(huge.status()).toBe(413);
  const malformed = await request.post('/api/v1/oplog', {
    data: Buffer.from('{"entries": ['),
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  });
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).error.message).toBe('The body is not valid JSON.');
  const spec = await request.get('/api/openapi.json');
  expect(spec.status()).toBe(200);
  expect(Object.keys((await spec.json()).paths)).toEqual(
    expect.arrayContaining(['/api/v1/oplog', '/api/v1/login-results']),
  );
});

test('a merchandiser cannot open the support workspace', async ({ page }) => {
  await signIn(page, MERCH.email, MERCH.password);
  await expectNav(page, NAV_MERCH);
  for (const path of ['/support', '/support/users/u-00001', '/api-keys']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
  }
});
