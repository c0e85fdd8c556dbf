import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstOperator } from '#admin/auth/service.ts';
import { createProduct } from '#admin/catalog/service.ts';
import { orders, products } from '#shared/db/schema/admin.ts';
import { activeTrader } from '#test/admin.ts';
import { testConfig, useTestApp } from '#test/app.ts';
import { ConsoleClient, csrfOf } from './console.test-helpers.ts';

const ctx = useTestApp('admin');
const client = () => new ConsoleClient(ctx.app);
let operator: ConsoleClient;

beforeAll(async () => {
  await ensureFirstOperator(ctx.databases.admin.db, testConfig());
  operator = client();
  await operator.login();
});

const newProduct = (stock = 10) =>
  createProduct(ctx.databases.admin, {
    sku: `SKU-${randomUUID().slice(0, 8)}`,
    name: 'Enamel Mug',
    price: '12.00',
    stock,
  });

async function productRow(id: number) {
  const [row] = await ctx.databases.admin.db.select().from(products).where(eq(products.id, id));
  return row;
}

describe('operator console: products', () => {
  it('changes the stock through the row form, with and without htmx', async () => {
    const product = await newProduct();
    const _csrf = await operator.csrf('/products');
    const plain = await operator.post(`/products/${product.id}/stock`, {
      _csrf,
      stock: '42',
      return_to: '/products?q=Mug',
    });
    expect(plain.statusCode).toBe(303);
    expect(plain.headers.location).toBe(`/products?q=Mug#product-${product.id}`);
    expect((await productRow(product.id))?.stock).toBe(42);
    expect((await operator.get('/products?q=Mug')).body).toContain(
      'Stock of Enamel Mug is now 42.',
    );

    const htmx = { 'hx-request': 'true' };
    const fragment = await operator.post(
      `/products/${product.id}/stock`,
      { _csrf, stock: '7' },
      htmx,
    );
    expect(fragment.statusCode).toBe(200);
    expect(fragment.body).toMatch(new RegExp(`^<tr id="product-${product.id}"`));
    expect(fragment.body).toContain('value="7"');
    expect((await productRow(product.id))?.stock).toBe(7);

    const refused = await operator.post(
      `/products/${product.id}/stock`,
      { _csrf, stock: '-3' },
      htmx,
    );
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Stock must be a whole number from 0 to 1,000,000,000.');
    expect(refused.body).toContain('value="-3"');
    expect((await productRow(product.id))?.stock).toBe(7);

    // A product that is gone has no row to swap: the message goes to the page's flash area.
    const gone = await operator.post('/products/999999/stock', { _csrf, stock: '1' }, htmx);
    expect(gone.statusCode).toBe(404);
    expect(gone.headers['hx-retarget']).toBe('#flash');
    expect(gone.body).toContain('Product not found.');
  });

  it('changes the price, accepting "9,5" for 9.50', async () => {
    const product = await newProduct();
    const _csrf = await operator.csrf('/products');
    const response = await operator.post(`/products/${product.id}/price`, { _csrf, price: '9,5' });
    expect(response.statusCode).toBe(303);
    expect((await productRow(product.id))?.price).toBe('9.50');
    const bad = await operator.post(`/products/${product.id}/price`, { _csrf, price: 'cheap' });
    expect(bad.statusCode).toBe(303);
    expect((await operator.get('/products')).body).toContain('Price must be an amount like 19.90.');
  });

  it('creates a product, and keeps the form filled in when it is refused', async () => {
    const _csrf = await operator.csrf('/products');
    const fields = {
      _csrf,
      sku: 'LAMP-01',
      name: 'Desk Lamp',
      price: '49.9',
      currency: 'eur',
      stock: '5',
    };
    const created = await operator.post('/products', fields);
    expect(created.statusCode).toBe(303);
    const [row] = await ctx.databases.admin.db
      .select()
      .from(products)
      .where(eq(products.sku, 'LAMP-01'));
    expect(row).toMatchObject({ name: 'Desk Lamp', price: '49.90', currency: 'EUR', stock: 5 });

    const duplicate = await operator.post('/products', { ...fields, name: 'Other Lamp' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.body).toContain('A product with this SKU already exists.');
    expect(duplicate.body).toContain('value="Other Lamp"');

    const invalid = await operator.post('/products', { ...fields, sku: 'x y', price: 'free' });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.body).toContain('must be an amount like 19.90');
    expect(invalid.body).toContain('aria-invalid="true"');
  });

  it('searches, and says so when nothing matches', async () => {
    await newProduct();
    const found = await operator.get('/products?q=enamel');
    expect(found.body).toContain('Enamel Mug');
    const none = await operator.get('/products?q=zzzz-nothing');
    expect(none.body).toContain('No product matches.');
  });

  it('searches past a NUL in an edited URL instead of failing', async () => {
    await newProduct();
    const found = await operator.get('/products?q=enam%00el');
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain('Enamel Mug');
  });

  it('refuses a product name with a NUL in the form, keeping the form', async () => {
    const _csrf = await operator.csrf('/products');
    const sku = `SKU-${randomUUID().slice(0, 8)}`;
    const refused = await operator.post('/products', { _csrf, sku, name: 'Lamp\0', price: '5.00' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain(sku);
  });
});

describe('operator console: orders', () => {
  async function placeOrder() {
    const trader = await activeTrader(ctx.app, ctx.databases);
    const product = await newProduct(5);
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { ...trader.headers, 'idempotency-key': randomUUID() },
      payload: {
        customer_ref: 'customer-1',
        items: [{ product_id: product.id, quantity: 2 }],
        shipping_address: {
          name: 'A B',
          line1: 'Main St 1',
          city: 'Town',
          postal_code: '1000',
          country: 'AT',
        },
      },
    });
    expect(response.statusCode).toBe(201);
    return { order: response.json() as { id: number; number: string }, product };
  }

  const orderStatus = async (id: number) =>
    (await ctx.databases.admin.db.select().from(orders).where(eq(orders.id, id)))[0]?.status;

  it('offers only the legal next statuses and moves the order along', async () => {
    const { order } = await placeOrder();
    const page = await operator.get('/orders?status=PENDING');
    expect(page.body).toContain(order.number);
    const select = new RegExp(`id="status-${order.id}" name="status">(.*?)</select>`).exec(
      page.body,
    )?.[1];
    expect(select).toContain('value="CONFIRMED"');
    expect(select).toContain('value="CANCELLED"');
    expect(select).not.toContain('value="DELIVERED"');

    const _csrf = csrfOf(page.body);
    const moved = await operator.post(`/orders/${order.id}/status`, { _csrf, status: 'CONFIRMED' });
    expect(moved.statusCode).toBe(303);
    expect(await orderStatus(order.id)).toBe('CONFIRMED');

    const illegal = await operator.post(
      `/orders/${order.id}/status`,
      { _csrf, status: 'DELIVERED' },
      { 'hx-request': 'true' },
    );
    expect(illegal.statusCode).toBe(409);
    expect(illegal.body).toContain('An order that is CONFIRMED cannot become DELIVERED.');
    expect(await orderStatus(order.id)).toBe('CONFIRMED');
  });

  it('cancels an order and the stock goes back', async () => {
    const { order, product } = await placeOrder();
    expect((await productRow(product.id))?.stock).toBe(3);
    const _csrf = await operator.csrf('/orders');
    await operator.post(`/orders/${order.id}/status`, { _csrf, status: 'CANCELLED' });
    expect(await orderStatus(order.id)).toBe('CANCELLED');
    expect((await productRow(product.id))?.stock).toBe(5);
    expect((await operator.get('/orders')).body).toContain(
      `Order ${order.number} is now CANCELLED.`,
    );
  });
});
