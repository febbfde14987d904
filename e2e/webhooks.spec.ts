import { expect, test } from '@playwright/test';
import { until } from '../tests/support/until';
import { startReceiver } from '../tests/support/webhook-receiver';
import { ADMIN, signIn, unique, SKU_LINK } from './helpers';

// The server runs with WEBHOOK_ALLOW_NETWORKS=127.0.0.1/32 (playwright.config.ts), so it may deliver to the
// receiver this test starts; link-local/metadata addresses stay refused.
test('an admin adds a webhook endpoint, changes a stock level, and the receiver gets a correctly signed event shown in the delivery log', async ({
  page,
}) => {
  test.setTimeout(180_000); // a whole flow across pages plus a delivery; generous for a loaded machine
  const rx = await startReceiver();
  try {
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.goto('/webhooks');
    const form = page.getByTestId('endpoint-form-new');

    // The SSRF guard: the cloud metadata address is refused with a field error.
    await form.getByLabel('URL').fill('http://169.254.169.254/latest/meta-data');
    await form.getByLabel('stock.level_changed').check();
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await expect(page.getByTestId('error-url')).toContainText('link-local');

    const description = `storefront ${unique()}`;
    await form.getByLabel('URL').fill(rx.url);
    await form.getByLabel('Description').fill(description);
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await expect(page.getByTestId('endpoint-form-message')).toContainText('Endpoint added');
    const endpoint = page.getByTestId(`endpoint-${rx.url}`);
    await endpoint.getByText('Signing secret').click();
    const secret = (await endpoint.getByTestId('endpoint-secret').innerText()).trim();
    expect(secret).toMatch(/^whsec_/);

    // A stock change: an adjustment at Berlin.
    await page.goto('/inventory?q=');
    const link = page.getByTestId('stock-table').getByRole('link', { name: SKU_LINK }).nth(2);
    const sku = (await link.innerText()).trim();
    await link.click();
    const adjust = page.getByRole('form', { name: 'Adjust stock' });
    await adjust.getByLabel('Location', { exact: true }).selectOption({ label: 'Berlin warehouse' });
    await adjust.getByLabel('Quantity (±)').fill('3');
    await adjust.getByLabel('Reason', { exact: true }).selectOption('found');
    await adjust.getByRole('button', { name: 'Book adjustment' }).click();
    await expect(page.getByTestId('adjust-result')).toContainText('On hand is now');
    const onHand = Number(/On hand is now (\d+)/.exec(await page.getByTestId('adjust-result').innerText())![1]);

    const got = await until(
      () => rx.received.find((r) => r.json.type === 'stock.level_changed' && r.json.data.sku === sku),
      'the stock event at the receiver',
    );
    expect(rx.verify(got, secret)).toEqual({ ok: true });
    expect(rx.verify(got, 'whsec_wrong')).toEqual({ ok: false, reason: 'mismatch' });
    expect(got.json.data).toMatchObject({ sku, location: 'BER', onHand, cause: 'adjustment' });
    expect(got.headers['bobbin-event-id']).toBe(got.json.id);

    // The delivery log shows it: delivered, HTTP 200, one attempt, the same event id.
    await page.goto('/webhooks?status=delivered');
    const row = page.getByTestId('deliveries-table').getByRole('row').filter({ hasText: got.json.id });
    await expect(row).toContainText('Delivered');
    await expect(row).toContainText('HTTP 200');
    await expect(row).toContainText('stock.level_changed');

    // Redeliver sends the same event id again.
    await row.getByRole('button', { name: 'Redeliver' }).click();
    await until(
      () => (rx.received.filter((r) => r.json.id === got.json.id).length === 2 ? true : undefined),
      'the redelivery',
    );
  } finally {
    await rx.close();
  }
});
