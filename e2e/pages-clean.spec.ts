import { expect, test, type Page } from '@playwright/test';
import { NAV_ITEMS } from '../lib/navigation';
import { can, type Permission } from '../lib/permissions';
import { ADMIN, MERCH, SUPPORT, freshContext, mainNav, signIn, unique } from './helpers';

/**
 * Everything that goes wrong quietly on a page: console errors, uncaught exceptions, requests that fail or
 * answer 4xx/5xx (a missing favicon, a broken prefetch). Collected from the moment it is attached.
 */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  const where = () => new URL(page.url()).pathname;
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${where()}: console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${where()}: uncaught: ${e.message}`));
  page.on('requestfailed', (r) => {
    // A navigation away cancels the previous page's prefetches; that is not a failure of the page.
    if (r.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push(`${where()}: request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${where()}: ${r.status()} for ${r.request().method()} ${r.url()}`);
  });
  return problems;
}

/** Opens `path`, waits for the page to settle, and checks the tab title is "<something> · Bobbin". */
async function visit(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  await expect(page.locator('h1').first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  await expect(page).toHaveTitle(/^.+ · Bobbin$/);
}

/** Follows the first link on `list` whose address matches `href`, and checks the tab is titled by the record's heading. */
async function visitDetail(page: Page, list: string, href: RegExp): Promise<void> {
  await visit(page, list);
  const links = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  const target = links.find((l) => href.test(l));
  expect(target, `a link matching ${href} on ${list}`).toBeTruthy();
  await visit(page, target!);
  const heading = (await page.locator('h1').first().innerText()).trim();
  await expect(page).toHaveTitle(new RegExp(`^${heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( · .+)? · Bobbin$`));
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** Record pages reached from a list, and who may open them. */
const DETAILS: { permission: Permission; list: string; href: RegExp }[] = [
  { permission: 'catalog.read', list: '/catalog', href: new RegExp(`^/catalog/products/${UUID}$`) },
  { permission: 'inventory.manage', list: '/inventory', href: new RegExp(`^/inventory/skus/${UUID}$`) },
  {
    permission: 'inventory.manage',
    list: '/inventory/purchase-orders',
    href: new RegExp(`^/inventory/purchase-orders/${UUID}$`),
  },
  { permission: 'surveys.manage', list: '/surveys', href: new RegExp(`^/surveys/${UUID}$`) },
  { permission: 'surveys.manage', list: '/surveys', href: new RegExp(`^/surveys/${UUID}/responses$`) },
  { permission: 'customers.read', list: '/customers', href: new RegExp(`^/customers/${UUID}$`) },
  { permission: 'support.read', list: '/support?grade=CRITICAL', href: /^\/support\/users\/[^/?]+(\?.*)?$/ },
];

for (const login of [ADMIN, MERCH, SUPPORT]) {
  test(`every page in the ${login.role}'s walk loads with a clean console and no failed request`, async ({ page }) => {
    test.setTimeout(240_000);
    const problems = watchProblems(page);
    await signIn(page, login.email, login.password);
    // The sidebar's pages and the ones only reached from them ("New product", "Cycle count", "Size chart").
    for (const item of NAV_ITEMS.filter((i) => can(login.role, i.permission))) await visit(page, item.href);
    for (const d of DETAILS.filter((d) => can(login.role, d.permission))) await visitDetail(page, d.list, d.href);
    if (login.role !== 'merchandiser') await visit(page, '/support/shops/shop-07');
    expect(problems).toEqual([]);
  });
}

test('the public survey, signed out, loads with a clean console and no failed request, on a phone', async ({
  browser,
}) => {
  // The demo survey's public link, read from its builder by a merchandiser.
  const staff = await freshContext(browser);
  const merch = await staff.newPage();
  await signIn(merch, MERCH.email, MERCH.password);
  await merch.goto('/surveys');
  await merch.getByRole('link', { name: 'Autumn fit check' }).click();
  const publicPath = (await merch.getByTestId('public-link').innerText()).trim();
  await staff.close();

  const customer = await freshContext(browser, {
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await customer.newPage();
  const problems = watchProblems(page);
  await visit(page, publicPath);
  await expect(page).toHaveTitle('Autumn fit check · Bobbin');
  await expect(mainNav(page)).toHaveCount(0);
  // Refused (nothing answered), then re-rendered with errors: still nothing in the console.
  await page.getByRole('button', { name: 'Send answers' }).click();
  await expect(page.getByTestId('error-summary')).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(problems).toEqual([]);
  await customer.close();
});

test('a support timeline fits a 390 px phone: the page does not scroll sideways, its tables scroll inside', async ({
  page,
}) => {
  // Signed in at desktop width (the phone header hides the signed-in user that signIn waits for), then a phone.
  await signIn(page, SUPPORT.email, SUPPORT.password);
  await page.setViewportSize({ width: 390, height: 844 });
  await visit(page, '/support?grade=CRITICAL');
  const links = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  const timeline = links.find((l) => /^\/support\/users\/[^/?]+(\?.*)?$/.test(l));
  expect(timeline, 'a user timeline linked from the failing users').toBeTruthy();
  await visit(page, timeline!);
  await expect(page.getByTestId('timeline-row').first()).toBeVisible();
  const widths = () =>
    page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
  const closed = await widths();
  expect(closed.scroll, `page ${closed.scroll} px wide in a ${closed.client} px viewport`).toBeLessThanOrEqual(
    closed.client,
  );
  // An operation's details open inside the table, whose own box scrolls: the page stays as wide as the phone.
  await page.getByTestId('timeline-row').first().locator('summary').click();
  await expect(page.getByTestId('operation-details').first()).toBeVisible();
  const open = await widths();
  expect(open.scroll, `page ${open.scroll} px wide in a ${open.client} px viewport`).toBeLessThanOrEqual(open.client);
});

test('icons, manifest and robots.txt are served and wired into every page', async ({ page, request }) => {
  await page.goto('/login');
  const head = page.locator('head');
  await expect(head.locator('link[rel="icon"][href^="/favicon.ico"]')).toHaveCount(1);
  await expect(head.locator('link[rel="icon"][href^="/icon.svg"]')).toHaveAttribute('type', 'image/svg+xml');
  await expect(head.locator('link[rel="apple-touch-icon"]')).toHaveAttribute('href', /^\/apple-touch-icon\.png/);
  await expect(head.locator('meta[name="theme-color"]')).toHaveCount(2);
  await expect(head.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex, nofollow');
  const manifestHref = await head.locator('link[rel="manifest"]').getAttribute('href');
  expect(manifestHref).toMatch(/^\/manifest\.webmanifest/);

  const favicon = await request.get('/favicon.ico');
  expect(favicon.status()).toBe(200);
  expect((await favicon.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0])); // ICO header

  const manifest = await (await request.get(manifestHref!)).json();
  expect(manifest).toMatchObject({
    name: 'Bobbin back office',
    short_name: 'Bobbin',
    start_url: '/',
    display: 'standalone',
  });
  expect(manifest.icons.map((i: { purpose: string }) => i.purpose)).toContain('maskable');
  for (const icon of manifest.icons as { src: string; type: string }[]) {
    const res = await request.get(icon.src);
    expect(res.status(), icon.src).toBe(200);
    expect(res.headers()['content-type'], icon.src).toContain(icon.type);
  }

  const robots = await (await request.get('/robots.txt')).text();
  expect(robots).toContain('Allow: /s/');
  expect(robots).toContain('Disallow: /');
});

test('404 pages: a missing record inside the shell leads back to its list; an unknown address and an unknown survey get their own page without staff navigation', async ({
  page,
  browser,
}) => {
  await signIn(page, MERCH.email, MERCH.password);
  // The product page streams behind its loading skeleton, so the status is already 200 when notFound() runs.
  await page.goto('/catalog/products/00000000-0000-4000-8000-000000000000');
  await expect(page.getByRole('heading', { name: 'Nothing here' })).toBeVisible();
  await expect(mainNav(page)).toBeVisible();
  await expect(page).toHaveTitle('Not found · Bobbin');
  await page.getByRole('link', { name: 'Back to Catalog' }).click();
  await expect(page).toHaveURL(/\/catalog$/);

  expect((await page.goto('/no-such-page'))?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expect(page).toHaveTitle('Page not found · Bobbin');
  await page.getByRole('link', { name: 'Back to your home page' }).click();
  await expect(page.getByRole('heading', { name: /^Hello, / })).toBeVisible();

  const customer = await freshContext(browser);
  const phone = await customer.newPage();
  await phone.goto(`/s/no-such-survey-${unique()}`);
  await expect(phone.getByTestId('survey-missing')).toBeVisible();
  await expect(phone).toHaveTitle('Survey not found · Bobbin');
  await expect(mainNav(phone)).toHaveCount(0);
  await customer.close();
});

test('a survey is noindex unless its builder allows search engines, and then only once published', async ({
  page,
  browser,
}) => {
  await signIn(page, MERCH.email, MERCH.password);
  const title = `Indexed ${unique()}`;
  await page.goto('/surveys');
  await page.getByLabel('New survey title').fill(title);
  await page.getByRole('button', { name: 'Create survey' }).click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(page).toHaveTitle(`${title} · Bobbin`);
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  const publicPath = (await page.getByTestId('public-link').innerText()).trim();

  const customer = await freshContext(browser);
  const visitor = await customer.newPage();
  const robots = async () => {
    await visitor.goto(publicPath);
    await expect(visitor.getByRole('heading', { name: title })).toBeVisible();
    return visitor.locator('head meta[name="robots"]').getAttribute('content');
  };
  expect(await robots()).toBe('noindex, nofollow');

  await page.getByLabel('Search engines may list this survey').check();
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByTestId('builder-message')).toHaveText('Draft saved.');
  expect(await robots()).toBe('noindex, nofollow'); // a draft change: the live version still says no
  await page.getByRole('button', { name: 'Publish changes as a new version' }).click();
  await expect(page.getByText('Version 2 is live.')).toBeVisible();
  expect(await robots()).toBe('index, nofollow');
  await customer.close();
});
