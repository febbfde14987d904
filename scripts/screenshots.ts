// Screenshots of the main pages for a look (not a test): `npx tsx scripts/screenshots.ts [baseUrl]`.
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, resolveChromium } from '../e2e/browser';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const out = process.env.SHOTS_DIR ?? 'screenshots';
const only = process.env.SHOTS ?? 'all';
const browser = await chromium.launch({ executablePath: resolveChromium(), args: CHROMIUM_ARGS });

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/`);
}

/** A garment-like picture for the catalog screenshots (an SVG rendered by sharp). */
async function picture(hue: number): Promise<Buffer> {
  const sharp = (await import('sharp')).default;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="1200"><rect width="900" height="1200" fill="hsl(${hue},30%,92%)"/>
    <path d="M300 150 L600 150 L700 400 L620 430 L640 1100 L260 1100 L280 430 L200 400 Z" fill="hsl(${hue},45%,45%)"/>
    <path d="M380 150 Q450 230 520 150" fill="none" stroke="hsl(${hue},30%,92%)" stroke-width="18"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg().toBuffer();
}

if (only === 'media') {
  // Give the first products of the list two images each (once), then shoot the pages that show them.
  const page = await browser.newPage();
  await signIn(page, 'merch@bobbin.test', 'bobbin-demo-merch');
  await page.goto(`${base}/catalog`);
  const hrefs = await page
    .getByTestId('product-table')
    .locator('tbody a[href^="/catalog/products/"]')
    .evaluateAll((as) => as.slice(0, 6).map((a) => a.getAttribute('href')!));
  for (const [i, href] of hrefs.entries()) {
    const id = href.split('/').pop()!;
    await page.goto(`${base}${href}`);
    if ((await page.getByTestId('image-item').count()) > 0) continue;
    for (const hue of [i * 50, i * 50 + 25]) {
      const res = await page.request.post(`${base}/api/catalog/products/${id}/images`, {
        data: await picture(hue),
        headers: { 'content-type': 'image/jpeg', origin: base },
      });
      if (res.status() !== 201) throw new Error(`upload answered ${res.status()}: ${await res.text()}`);
    }
    if (i % 2 === 0) {
      await page.reload();
      await page.getByTestId('image-alt').first().fill('Front view on a plain background');
      await page.getByTestId('image-alt').first().press('Enter');
      await page.getByText('Saved').first().waitFor();
    }
  }
  await page.close();
  for (const theme of ['light', 'dark'] as const) {
    for (const [width, label] of [
      [1280, 'desktop'],
      [390, 'phone'],
    ] as const) {
      const p = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: theme });
      await signIn(p, 'merch@bobbin.test', 'bobbin-demo-merch');
      const shot = (name: string) => p.screenshot({ path: `${out}/${name}-${theme}-${label}.png`, fullPage: true });
      await p.goto(`${base}/catalog`);
      await shot('media-catalog-list');
      await p.goto(`${base}${hrefs[0]}`);
      await p.getByTestId('image-item').first().waitFor();
      await shot('media-product');
      await p.getByRole('button', { name: 'Add variants (size × colour)' }).click();
      await p.getByLabel('Sizes').fill('XS, S, M, L, XL');
      await p.getByLabel('Colours').fill('Navy, Sand');
      await p.getByRole('button', { name: 'Generate rows' }).click();
      await shot('media-generator');
      await p.goto(`${base}/inventory`);
      await shot('media-stock');
      await p.close();
    }
  }
  await browser.close();
  process.exit(0);
}

for (const theme of ['light', 'dark'] as const) {
  for (const [width, label] of [
    [1280, 'desktop'],
    [820, 'tablet'],
  ] as const) {
    const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: theme });
    const shot = (name: string) => page.screenshot({ path: `${out}/${name}-${theme}-${label}.png`, fullPage: true });
    if (only === 'all' || only === 'foundation') {
      await page.goto(`${base}/login`);
      await shot('login');
      await signIn(page, 'admin@bobbin.test', 'bobbin-demo-admin');
      await shot('home');
      await page.goto(`${base}/staff`);
      await shot('staff');
      await page.goto(`${base}/api-keys`);
      await shot('api-keys');
      await page.goto(`${base}/audit`);
      await shot('audit');
      await page.context().clearCookies();
    }
    if (only === 'all' || only === 'support') {
      await signIn(page, 'support@bobbin.test', 'bobbin-demo-support');
      await page.goto(`${base}/support`);
      await shot('support-list');
      await page.goto(`${base}/support?grade=CRITICAL`);
      await page.getByTestId('failing-users').getByRole('link').first().click();
      await page.waitForURL(/\/support\/users\//);
      await page
        .getByTestId('timeline-row')
        .filter({ has: page.locator('[data-status="FAILED"]') })
        .first()
        .locator('summary')
        .click()
        .catch(() => {});
      await page.locator('[data-testid="timeline-row"][data-status="FAILED"] summary').first().click();
      await shot('support-user');
      await page.goto(`${base}/support/shops/shop-07`);
      await shot('support-shop');
    }
    if (only === 'all' || only === 'inventory') {
      await signIn(page, 'merch@bobbin.test', 'bobbin-demo-merch');
      for (const [name, path] of [
        ['inventory', '/inventory'],
        ['inventory-movements', '/inventory/movements'],
        ['inventory-transfers', '/inventory/transfers'],
        ['inventory-purchase-orders', '/inventory/purchase-orders'],
        ['inventory-low-stock', '/inventory/low-stock'],
        ['inventory-count', '/inventory/count'],
      ]) {
        await page.goto(`${base}${path}`);
        await page.locator('h1').first().waitFor();
        await shot(name!);
      }
      await page.goto(`${base}/inventory`);
      await page.getByTestId('stock-table').locator('tbody a').first().click();
      await page.getByRole('heading', { name: 'Recent movements' }).waitFor();
      await shot('inventory-sku');
      await page.context().clearCookies();
    }
    if (only === 'all' || only === 'catalog') {
      await signIn(page, 'merch@bobbin.test', 'bobbin-demo-merch');
      for (const [name, path] of [
        ['catalog', '/catalog'],
        ['categories', '/catalog/categories'],
        ['suppliers', '/catalog/suppliers'],
        ['import', '/catalog/import'],
        ['new-product', '/catalog/products/new'],
      ]) {
        await page.goto(`${base}${path}`);
        await page.locator('h1').first().waitFor();
        await shot(name!);
      }
      await page.goto(`${base}/catalog`);
      await page.getByTestId('product-table').locator('tbody a').first().click();
      await page.getByRole('heading', { name: 'Variants' }).waitFor();
      await shot('product');
      await page.context().clearCookies();
    }
    if (only === 'all' || only === 'dashboards') {
      await signIn(page, 'admin@bobbin.test', 'bobbin-demo-admin');
      for (const [name, path] of [
        ['dash-overview', '/dashboards?range=7d'],
        ['dash-operations', '/dashboards/operations?range=7d'],
        ['dash-errors', '/dashboards/errors?range=7d'],
        ['dash-proxies', '/dashboards/proxies?range=30d'],
        ['dash-sessions', '/dashboards/sessions'],
      ]) {
        await page.goto(`${base}${path}`);
        await page.locator('h1').first().waitFor();
        await page.waitForTimeout(500); // charts measure their container after the first paint
        await shot(name!);
      }
      await page.context().clearCookies();
    }
    if (only === 'all' || only === 'alerts') {
      await signIn(page, 'admin@bobbin.test', 'bobbin-demo-admin');
      await page.goto(`${base}/alerts`);
      await page.locator('h1').first().waitFor();
      await shot('alerts');
      await page.goto(`${base}/dashboards?range=24h`);
      await page.getByTestId('compare-previous').check();
      await page.waitForTimeout(500); // charts measure their container after the first paint
      await shot('dash-overview-compare');
      await page.context().clearCookies();
    }
    if (only === 'all' || only === 'surveys') {
      await signIn(page, 'merch@bobbin.test', 'bobbin-demo-merch');
      await page.goto(`${base}/surveys`);
      await shot('surveys');
      await page.getByRole('link', { name: 'Autumn fit check' }).click();
      await page.getByTestId('builder-preview').waitFor();
      await shot('survey-builder');
      const slug = (await page.getByTestId('public-link').textContent())!.trim();
      await page.getByRole('link', { name: /^Responses/ }).click();
      await page.getByTestId('responses-table').waitFor();
      await page.waitForTimeout(500); // charts measure their container after the first paint
      await shot('survey-responses');
      await page.goto(`${base}/customers`);
      await shot('customers');
      await page.getByTestId('customer-table').locator('tbody a').first().click();
      await page.getByRole('heading', { name: 'Answer history' }).waitFor();
      await shot('customer');
      await page.goto(`${base}/surveys/demand?garment=tops`);
      await shot('size-demand');
      await page.goto(`${base}/surveys/size-chart`);
      await shot('size-chart');
      await page.context().clearCookies();
      if (label === 'desktop') {
        // The public form as customers meet it: phone-sized, not signed in; then with a refused submit.
        const phone = await browser.newPage({
          viewport: { width: 390, height: 844 },
          colorScheme: theme,
          isMobile: true,
          hasTouch: true,
        });
        await phone.goto(`${base}${slug}`);
        await phone.screenshot({ path: `${out}/survey-public-${theme}-phone.png`, fullPage: true });
        await phone.getByRole('button', { name: 'Send answers' }).click();
        await phone.getByTestId('error-summary').waitFor();
        await phone.screenshot({ path: `${out}/survey-public-errors-${theme}-phone.png`, fullPage: true });
        await phone.goto(`${base}/s/no-such-survey`);
        await phone.screenshot({ path: `${out}/survey-missing-${theme}-phone.png` });
        await phone.close();
      }
    }
    await page.close();
  }
}
if (only === 'all' || only === 'status') {
  // The 404 and 403 pages, staff (in the shell) and public, on a desktop and a phone.
  for (const theme of ['light', 'dark'] as const) {
    for (const [label, options] of [
      ['desktop', { viewport: { width: 1280, height: 800 } }],
      ['phone', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }],
    ] as const) {
      const page = await browser.newPage({ ...options, colorScheme: theme });
      const shot = (name: string) => page.screenshot({ path: `${out}/${name}-${theme}-${label}.png`, fullPage: true });
      await page.goto(`${base}/s/no-such-survey`);
      await shot('status-survey-404');
      await page.goto(`${base}/no-such-page`);
      await shot('status-404');
      await signIn(page, 'merch@bobbin.test', 'bobbin-demo-merch');
      await page.goto(`${base}/catalog/products/00000000-0000-4000-8000-000000000000`);
      await page.getByRole('heading', { name: 'Nothing here' }).waitFor();
      await shot('status-admin-404');
      await page.goto(`${base}/staff`);
      await shot('status-403');
      await page.close();
    }
  }
}
await browser.close();
console.log(`screenshots in ${out}/`);
