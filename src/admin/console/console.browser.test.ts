import { eq } from 'drizzle-orm';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstOperator } from '#admin/auth/service.ts';
import { createProduct } from '#admin/catalog/service.ts';
import { products, registeredTraders } from '#shared/db/schema/admin.ts';
import { testConfig, useTestApp } from '#test/app.ts';
import { pendingTrader } from './console.test-helpers.ts';

/**
 * The console in a real browser (the system Chromium): log in with the keyboard, approve a trader,
 * change a stock value with htmx, and once more with JavaScript off. Set CONSOLE_SCREENSHOTS=1 to
 * keep a picture of each page in /tmp.
 */
const ctx = useTestApp('admin');
const config = testConfig();
let browser: Browser;
let base: string;

async function snap(page: Page, name: string) {
  if (process.env.CONSOLE_SCREENSHOTS) {
    await page.screenshot({ path: `/tmp/console-${name}.png`, fullPage: true });
  }
}

async function logIn(page: Page) {
  // Fail on the step that hangs, well before the test's own timeout.
  page.setDefaultTimeout(10_000);
  await page.goto(`${base}/traders`);
  expect(new URL(page.url()).pathname).toBe('/login');
  await snap(page, 'login');
  // The e-mail field takes the focus by itself (autofocus applies just after load): no mouse needed.
  await page.waitForFunction(() => document.activeElement?.id === 'field-email');
  await page.keyboard.type(config.ADMIN_OPERATOR_EMAIL);
  await page.keyboard.press('Tab');
  await page.keyboard.type(config.ADMIN_OPERATOR_PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL(`${base}/traders`);
}

const stockOf = async (id: number) =>
  (await ctx.databases.admin.db.select().from(products).where(eq(products.id, id)))[0]?.stock;

beforeAll(async () => {
  await ensureFirstOperator(ctx.databases.admin.db, config);
  base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser?.close();
});

describe('operator console in Chromium', () => {
  it('logs in, approves a trader and changes a stock value', async () => {
    const traderId = await pendingTrader(ctx.app, 'Browser Bazaar');
    const product = await createProduct(ctx.databases.admin, {
      sku: 'BROWSER-MUG',
      name: 'Browser Mug',
      price: '8.50',
      stock: 3,
    });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));

    await logIn(page);
    await expect(page.getByRole('heading', { name: 'Traders' }).isVisible()).resolves.toBe(true);
    await snap(page, 'traders');
    await page.getByRole('button', { name: 'Approve Browser Bazaar' }).click();
    const key = await page.locator('code.secret').textContent();
    expect(key).toMatch(/^bk_/);
    await snap(page, 'traders-approved');
    const [trader] = await ctx.databases.admin.db
      .select()
      .from(registeredTraders)
      .where(eq(registeredTraders.id, traderId));
    expect(trader?.status).toBe('ACTIVE');

    await page.getByRole('link', { name: 'Products' }).click();
    await page.waitForURL(`${base}/products`);
    // A mark on the window survives an htmx swap but not a page load.
    await page.evaluate(() => Object.assign(window, { consoleMark: true }));
    const stock = page.getByRole('spinbutton', { name: 'Stock of Browser Mug' });
    await stock.fill('77');
    await page.getByRole('button', { name: 'Save stock of browser mug' }).click();
    await page.getByText('Stock of Browser Mug is now 77.').waitFor();
    expect(await page.evaluate(() => 'consoleMark' in window)).toBe(true);
    expect(await stockOf(product.id)).toBe(77);
    await expect(
      page.getByRole('spinbutton', { name: 'Stock of Browser Mug' }).inputValue(),
    ).resolves.toBe('77');
    await snap(page, 'products');

    await page.getByRole('link', { name: 'Orders' }).click();
    await page.waitForURL(`${base}/orders`);
    await snap(page, 'orders');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('changes a stock value with JavaScript turned off', async () => {
    const product = await createProduct(ctx.databases.admin, {
      sku: 'NOJS-MUG',
      name: 'Plain Mug',
      price: '5.00',
      stock: 1,
    });
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await logIn(page);
    await page.goto(`${base}/products`);
    await page.getByRole('spinbutton', { name: 'Stock of Plain Mug' }).fill('12');
    await page.getByRole('button', { name: 'Save stock of plain mug' }).click();
    await page.getByText('Stock of Plain Mug is now 12.').waitFor();
    expect(await stockOf(product.id)).toBe(12);
    await context.close();
  });
});
