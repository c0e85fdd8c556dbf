import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ActiveTrader,
  activeTrader,
  bearer,
  insertProducts,
  operatorToken,
  SHIPPING_ADDRESS,
} from '#test/admin.ts';
import { useTestApp } from '#test/app.ts';

// Inputs that once reached PostgreSQL and failed there with a 500: each must be a 422 naming its field.
const ctx = useTestApp('admin');
let trader: ActiveTrader;
let operator: string;
let productId: number;

const address = SHIPPING_ADDRESS;
let keyCounter = 0;

function order(body: object) {
  return ctx.app.inject({
    method: 'POST',
    url: '/api/v1/orders',
    headers: { ...trader.headers, 'idempotency-key': `input-${++keyCounter}` },
    payload: body,
  });
}

function fieldsOf(response: { statusCode: number; json: () => unknown }) {
  expect(response.statusCode).toBe(422);
  const body = response.json() as { error: { details: { field: string; code: string }[] } };
  return body.error.details.map((detail) => `${detail.field}:${detail.code}`);
}

beforeAll(async () => {
  trader = await activeTrader(ctx.app, ctx.databases);
  operator = await operatorToken(ctx.app, ctx.databases);
  [productId] = (await insertProducts(ctx.databases.admin.db, [
    { price: '9999999999.99', stock: 5000 },
  ])) as [number];
});

describe('order ids beyond bigint', () => {
  const huge = '99999999999999999999';
  it.each([
    ['GET', `/api/v1/orders/${huge}`, 'trader'],
    ['POST', `/api/v1/orders/${huge}/cancel`, 'trader'],
    ['GET', `/api/v1/operator/orders/${huge}`, 'operator'],
    ['POST', `/api/v1/operator/orders/${huge}/status`, 'operator'],
  ] as const)('%s %s is a 422', async (method, url, who) => {
    const response = await ctx.app.inject({
      method,
      url,
      headers: who === 'trader' ? trader.headers : bearer(operator),
      ...(url.endsWith('/status') ? { payload: { status: 'CONFIRMED' } } : {}),
    });
    expect(fieldsOf(response)).toContain('id:invalid_value');
  });

  it('refuses a product id no bigint can hold', async () => {
    const response = await order({
      customer_ref: 'c-1',
      items: [{ product_id: 1e20, quantity: 1 }],
      shipping_address: address,
    });
    expect(fieldsOf(response)).toEqual(['items.0.product_id:invalid_value']);
  });
});

describe('order totals', () => {
  it('refuses an order whose total does not fit numeric(12,2), and takes no stock', async () => {
    const response = await order({
      customer_ref: 'c-2',
      items: [{ product_id: productId, quantity: 2 }],
      shipping_address: address,
    });
    expect(fieldsOf(response)).toEqual(['items:total_too_large']);
    const product = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/products/${productId}`,
      headers: trader.headers,
    });
    expect(product.json().stock).toBe(5000);
  });

  it('still takes the largest total that fits', async () => {
    const response = await order({
      customer_ref: 'c-3',
      items: [{ product_id: productId, quantity: 1 }],
      shipping_address: address,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().total).toBe('9999999999.99');
  });
});

describe('text the database cannot store', () => {
  it('refuses NUL characters in order text', async () => {
    const response = await order({
      customer_ref: 'c\u0000',
      items: [{ product_id: productId, quantity: 1 }],
      shipping_address: address,
      note: 'leave at the door\u0000',
    });
    expect(fieldsOf(response)).toEqual(['customer_ref:invalid_characters']);
  });

  it('refuses an unpaired surrogate in the shipping address (jsonb)', async () => {
    const response = await order({
      customer_ref: 'c-4',
      items: [{ product_id: productId, quantity: 1 }],
      shipping_address: { ...address, city: 'Spring\ud800field' },
    });
    expect(fieldsOf(response)).toEqual(['shipping_address.city:invalid_characters']);
  });

  it('keeps paired surrogates (emoji) and other unicode', async () => {
    const response = await order({
      customer_ref: 'c-5 😀 ünïcødé',
      items: [{ product_id: productId, quantity: 1 }],
      shipping_address: address,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().customer_ref).toBe('c-5 😀 ünïcødé');
  });

  it('refuses NUL in product names, attribute values and attribute keys', async () => {
    for (const [product, field] of [
      [{ sku: 'NUL-1', name: 'Bad\u0000name', price: '1.00' }, 'name'],
      [
        { sku: 'NUL-2', name: 'Ok', price: '1.00', attributes: { color: 're\u0000d' } },
        'attributes.color',
      ],
      [
        { sku: 'NUL-3', name: 'Ok', price: '1.00', attributes: { 'co\u0000lor': 'red' } },
        'attributes.co\u0000lor',
      ],
    ] as const) {
      const response = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/operator/products',
        headers: bearer(operator),
        payload: product,
      });
      expect(fieldsOf(response)).toEqual([`${field}:invalid_characters`]);
    }
  });

  it('refuses attributes nested too deeply to store, however deep', async () => {
    for (const depth of [40, 100_000]) {
      const response = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/operator/products',
        headers: { ...bearer(operator), 'content-type': 'application/json' },
        payload: `{"sku":"DEEP-${depth}","name":"Deep","price":"1.00","attributes":{"a":${'['.repeat(depth)}${']'.repeat(depth)}}}`,
      });
      expect(response.statusCode).toBe(422);
      expect(response.json().error.details[0].code).toBe('too_deep');
    }
    const nested = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/operator/products',
      headers: bearer(operator),
      payload: {
        sku: 'NESTED-OK',
        name: 'Nested',
        price: '1.00',
        attributes: { size: { box: { cm: [10, 20, 30] } } },
      },
    });
    expect(nested.statusCode).toBe(201);
  });

  it('refuses NUL in a search query string', async () => {
    const response = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/operator/products?q=%00',
      headers: bearer(operator),
    });
    expect(fieldsOf(response)).toEqual(['q:invalid_characters']);
  });
});

describe('updated_since out of the range both JavaScript and PostgreSQL take', () => {
  it.each([
    ['/api/v1/orders', '0000-01-01T00:00:00Z'],
    ['/api/v1/orders', '9999-12-31T23:59:59-23:59'],
    ['/api/v1/products', '0000-01-01T00:00:00Z'],
    ['/api/v1/products', '2016-12-31T23:59:60Z'],
  ])('%s?updated_since=%s is a 422', async (path, since) => {
    const response = await ctx.app.inject({
      method: 'GET',
      url: `${path}?updated_since=${encodeURIComponent(since)}`,
      headers: trader.headers,
    });
    expect(fieldsOf(response)).toEqual(['updated_since:invalid_format']);
  });

  it('still takes an offset inside the range', async () => {
    const response = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/orders?updated_since=${encodeURIComponent('2020-01-01T00:00:00+01:00')}`,
      headers: trader.headers,
    });
    expect(response.statusCode).toBe(200);
  });
});

describe('order sync', () => {
  it('includes an order changed at exactly updated_since', async () => {
    const placed = await order({
      customer_ref: 'c-sync',
      items: [{ product_id: productId, quantity: 1 }],
      shipping_address: address,
    });
    expect(placed.statusCode).toBe(201);
    const { id, updated_at } = placed.json();
    const since = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/orders?updated_since=${encodeURIComponent(updated_at)}`,
      headers: trader.headers,
    });
    expect(since.statusCode).toBe(200);
    expect(since.json().items.map((item: { id: number }) => item.id)).toContain(id);
  });
});
