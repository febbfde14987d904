import { expect, test, type Page } from '@playwright/test';
import { ADMIN, MERCH, signIn } from './helpers';

const fmtCount = (v: number) => new Intl.NumberFormat('en-US').format(v);
const fmtPct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** The server's first rollup (of the seeded log) runs in the background after start-up: wait until it is in. */
async function waitForRollup(page: Page) {
  await expect
    .poll(
      async () =>
        (
          (await (await page.request.get('/api/dashboards?view=overview&range=30d')).json()) as {
            overview: { current: { total: number } };
          }
        ).overview.current.total,
      { timeout: 60_000 },
    )
    .toBeGreaterThan(1000);
}

test('an admin reads the overview, changes range and filter, and drills from an error type into failing users', async ({
  page,
}) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await waitForRollup(page);
  await page.getByRole('link', { name: 'Dashboards' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboards', level: 1 })).toBeVisible();
  await expect(page.getByTestId('tile-success')).toBeVisible();

  // A fixed (custom) range over the seeded history, so rows other tests write now cannot move the numbers.
  const to = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 86_400_000);
  const from = new Date(to.getTime() - 10 * 86_400_000);
  const range = `range=custom&from=${from.toISOString()}&to=${to.toISOString()}`;
  await page.goto(`/dashboards?${range}`);
  const api = await (await page.request.get(`/api/dashboards?view=overview&${range}`)).json();
  expect(api.overview.current.total).toBeGreaterThan(1000);
  await expect(page.getByTestId('tile-volume-value')).toHaveText(fmtCount(api.overview.current.total));
  await expect(page.getByTestId('tile-success-value')).toHaveText(fmtPct(api.overview.current.successRate));
  await expect(page.locator('.recharts-line').first()).toBeVisible();
  await expect(page.getByText('90% alert')).toBeVisible();

  // Filter by operation type: the URL holds it and the tiles show the API's figures for it.
  await page.getByLabel('Operation type').selectOption('GET_REVIEWS');
  await expect(page).toHaveURL(/op=GET_REVIEWS/);
  const filtered = await (await page.request.get(`/api/dashboards?view=overview&${range}&op=GET_REVIEWS`)).json();
  expect(filtered.overview.current.total).toBeLessThan(api.overview.current.total);
  await expect(page.getByTestId('tile-volume-value')).toHaveText(fmtCount(filtered.overview.current.total));

  // Change the range with the picker.
  await page.getByRole('button', { name: '7 d' }).click();
  await expect(page).toHaveURL(/range=7d/);
  await expect(page).toHaveURL(/op=GET_REVIEWS/);
  await expect(page.getByRole('button', { name: '7 d' })).toHaveAttribute('aria-pressed', 'true');

  // Errors: the top error type opens the support workspace filtered to it.
  await page.getByRole('link', { name: 'Errors' }).click();
  await expect(page).toHaveURL(/\/dashboards\/errors\?range=7d/);
  const first = page.getByTestId('errors-table').locator('tbody a').first();
  const errorType = (await first.textContent())!.trim();
  await first.click();
  await expect(page).toHaveURL(new RegExp(`/support\\?error=${errorType}&range=7d`));
  await expect(page.getByRole('heading', { name: 'Failing users' })).toBeVisible();
  await expect(page.getByText(`Showing users with ${errorType} failures`)).toBeVisible();
});

test('the other dashboard pages render for an admin', async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await waitForRollup(page);
  await page.goto('/dashboards/operations?range=30d');
  await expect(page.getByTestId('operations-table').locator('tbody tr')).toHaveCount(7);
  await page.goto('/dashboards/proxies?range=30d');
  await expect(page.getByTestId('proxies-table').locator('tbody tr').first()).toContainText('proxy-');
  await page.goto('/dashboards/sessions');
  await expect(page.getByTestId('grade-counts')).toContainText('CRITICAL');
  // The trend over the range: the seed's backfilled hourly snapshots, stacked shares per grade.
  await expect(page.getByTestId('grade-trend').locator('.recharts-area')).toHaveCount(3);
  await page.goto('/dashboards/sessions?range=7d');
  await expect(page.getByTestId('grade-trend')).toContainText('6 h snapshots');
});

test('a merchandiser is refused the dashboards, their API, and metrics need a key', async ({ page }) => {
  await signIn(page, MERCH.email, MERCH.password);
  const res = await page.goto('/dashboards');
  expect(res?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
  expect((await page.request.get('/api/dashboards?view=overview')).status()).toBe(403);
  expect((await page.request.get('/api/metrics')).status()).toBe(401);
});
