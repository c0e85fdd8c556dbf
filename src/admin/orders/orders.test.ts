import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '#shared/db/client.ts';
import {
  type ActiveTrader,
  activeTrader,
  bearer,
  insertProducts,
  operatorToken,
  SHIPPING_ADDRESS,
} from '#test/admin.ts';
import { useTestApp } from '#test/app.ts';

const ctx = useTestApp('admin');
let alice: ActiveTrader;
let bob: ActiveTrader;
let operator: string;

const address = SHIPPING_ADDRESS;
let keyCounter = 0;

function order(trader: ActiveTrader, body: unknown, key = `key-${++keyCounter}`) {
  return ctx.app.inject({
    method: 'POST',
    url: '/api/v1/orders',
    headers: { ...trader.headers, 'idempotency-key': key },
    payload: body as object,
  });
}

async function stockOf(id: number): Promise<number> {
  const [row] = await queryRows<{ stock: number }>(
    ctx.databases.admin.db,
    sql`select stock from admin.products where id = ${id}`,
  );
  return row?.stock ?? Number.NaN;
}

async function orderCount(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    ctx.databases.admin.db,
    sql`select count(*)::int as n from admin.orders`,
  );
  return row?.n ?? Number.NaN;
}

beforeAll(async () => {
  alice = await activeTrader(ctx.app, ctx.databases);
  bob = await activeTrader(ctx.app, ctx.databases);
  operator = await operatorToken(ctx.app, ctx.databases);
});

describe('placing an order', () => {
  it('prices it from the catalog, takes the stock and answers 201', async () => {
    const [a, b] = await insertProducts(ctx.databases.admin.db, [
      { price: '19.90', stock: 5 },
      { price: '0.10', stock: 100 },
    ]);
    const response = await order(alice, {
      customer_ref: 'cust-1',
      items: [
        { product_id: a, quantity: 3 },
        { product_id: b, quantity: 7 },
      ],
      shipping_address: address,
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      number: expect.stringMatching(/^BRK-\d{6}$/),
      trader_id: alice.id,
      status: 'PENDING',
      total: '60.40',
      currency: 'EUR',
      items: [
        { product_id: a, unit_price: '19.90', quantity: 3, line_total: '59.70' },
        { product_id: b, unit_price: '0.10', quantity: 7, line_total: '0.70' },
      ],
    });
    expect(await stockOf(a as number)).toBe(2);
    expect(await stockOf(b as number)).toBe(93);
  });

  it('never takes a price from the request', async () => {
    const [a] = await insertProducts(ctx.databases.admin.db, [{}]);
    const response = await order(alice, {
      customer_ref: 'c',
      items: [{ product_id: a, quantity: 1, unit_price: '0.01' }],
      shipping_address: address,
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.details).toEqual([
      expect.objectContaining({ field: 'items.0.unit_price', code: 'unknown_field' }),
    ]);
  });

  it('answers 409 insufficient_stock with the short lines, and changes nothing', async () => {
    const [a, b] = await insertProducts(ctx.databases.admin.db, [{ stock: 2 }, { stock: 10 }]);
    const before = await orderCount();
    const response = await order(alice, {
      customer_ref: 'c',
      items: [
        { product_id: b, quantity: 1 },
        { product_id: a, quantity: 3 },
      ],
      shipping_address: address,
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({
      code: 'insufficient_stock',
      details: [{ product_id: a, requested: 3, available: 2 }],
    });
    expect(await stockOf(a as number)).toBe(2);
    expect(await stockOf(b as number)).toBe(10);
    expect(await orderCount()).toBe(before);
  });

  it('refuses withdrawn and unknown products, bad quantities, duplicates and too many lines', async () => {
    const [live, gone] = await insertProducts(ctx.databases.admin.db, [
      {},
      { status: 'withdrawn' },
    ]);
    const base = { customer_ref: 'c', shipping_address: address };
    const cases: [unknown[], string, string][] = [
      [[{ product_id: gone, quantity: 1 }], 'items.0.product_id', 'product_withdrawn'],
      [
        [
          { product_id: live, quantity: 1 },
          { product_id: 999_999, quantity: 1 },
        ],
        'items.1.product_id',
        'unknown_product',
      ],
      [[{ product_id: live, quantity: 0 }], 'items.0.quantity', 'invalid_value'],
      [[{ product_id: live, quantity: 1001 }], 'items.0.quantity', 'invalid_value'],
      [
        [
          { product_id: live, quantity: 1 },
          { product_id: live, quantity: 2 },
        ],
        'items.1.product_id',
        'duplicate_product',
      ],
      [
        Array.from({ length: 101 }, (_, i) => ({ product_id: i + 1, quantity: 1 })),
        'items',
        'invalid_value',
      ],
      [[], 'items', 'invalid_value'],
    ];
    for (const [items, field, code] of cases) {
      const response = await order(alice, { ...base, items });
      expect(response.statusCode, `${field} ${code}`).toBe(422);
      expect(response.json().error.details).toContainEqual(
        expect.objectContaining({ field, code }),
      );
    }
    const noKey = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: alice.headers,
      payload: { ...base, items: [{ product_id: live, quantity: 1 }] },
    });
    expect(noKey.statusCode).toBe(422);
    expect(noKey.json().error.details[0]).toMatchObject({
      field: 'idempotency-key',
      location: 'headers',
    });
  });

  it('needs a service token and a valid API key', async () => {
    const body = {
      customer_ref: 'c',
      items: [{ product_id: 1, quantity: 1 }],
      shipping_address: address,
    };
    const noKey = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { authorization: alice.headers.authorization as string, 'idempotency-key': 'k' },
      payload: body,
    });
    expect(noKey.statusCode).toBe(401);
    const wrongKey = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { ...alice.headers, 'x-api-key': 'bk_wrong', 'idempotency-key': 'k' },
      payload: body,
    });
    expect(wrongKey.statusCode).toBe(401);
    const noToken = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { 'x-api-key': alice.apiKey, 'idempotency-key': 'k' },
      payload: body,
    });
    expect(noToken.statusCode).toBe(401);
  });
});

describe('idempotency', () => {
  it('replays the first answer for the same key and refuses the key with another body', async () => {
    const [a] = await insertProducts(ctx.databases.admin.db, [{ stock: 5 }]);
    const body = {
      customer_ref: 'c',
      items: [{ product_id: a, quantity: 1 }],
      shipping_address: address,
    };
    const first = await order(alice, body, 'same-key');
    const again = await order(
      alice,
      { shipping_address: address, items: body.items, customer_ref: 'c' },
      'same-key',
    );
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await stockOf(a as number)).toBe(4);

    const other = await order(alice, { ...body, customer_ref: 'someone else' }, 'same-key');
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('idempotency_key_reused');

    // Keys belong to a trader: Bob's same key is a new order.
    const bobs = await order(bob, body, 'same-key');
    expect(bobs.statusCode).toBe(201);
    expect(bobs.json().id).not.toBe(first.json().id);
  });

  it('replays a 409 as well', async () => {
    const [a] = await insertProducts(ctx.databases.admin.db, [{ stock: 0 }]);
    const body = {
      customer_ref: 'c',
      items: [{ product_id: a, quantity: 1 }],
      shipping_address: address,
    };
    const first = await order(alice, body, 'short-key');
    const again = await order(alice, body, 'short-key');
    expect(first.statusCode).toBe(409);
    expect(again.statusCode).toBe(409);
    expect(again.body).toBe(first.body);
  });
});

describe('reading and cancelling orders', () => {
  let orderId: number;
  let productId: number;

  beforeAll(async () => {
    [productId] = (await insertProducts(ctx.databases.admin.db, [{ stock: 10 }])) as [number];
    const response = await order(alice, {
      customer_ref: 'c',
      items: [{ product_id: productId, quantity: 4 }],
      shipping_address: address,
      note: 'ring twice',
    });
    orderId = response.json().id;
  });

  it("hides one trader's orders from another", async () => {
    const own = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/orders/${orderId}`,
      headers: alice.headers,
    });
    expect(own.statusCode).toBe(200);
    expect(own.json().note).toBe('ring twice');
    for (const [method, url] of [
      ['GET', `/api/v1/orders/${orderId}`],
      ['POST', `/api/v1/orders/${orderId}/cancel`],
    ] as const) {
      const response = await ctx.app.inject({ method, url, headers: bob.headers });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
    }
    const list = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/orders',
      headers: bob.headers,
    });
    expect(list.json().items.map((o: { trader_id: string }) => o.trader_id)).not.toContain(
      alice.id,
    );
  });

  it('lists changes since a time, page by page', async () => {
    const all = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/orders?limit=1',
      headers: alice.headers,
    });
    expect(all.statusCode).toBe(200);
    expect(all.json().items).toHaveLength(1);
    const cursor = all.json().next_cursor;
    expect(cursor).toEqual(expect.any(String));
    const next = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/orders?limit=1&cursor=${cursor}`,
      headers: alice.headers,
    });
    expect(next.json().items[0].id).not.toBe(all.json().items[0].id);
    const future = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/orders?updated_since=2999-01-01T00:00:00Z',
      headers: alice.headers,
    });
    expect(future.json()).toEqual({ items: [], next_cursor: null });
    const tampered = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/orders?cursor=bm9wZQ',
      headers: alice.headers,
    });
    expect(tampered.statusCode).toBe(422);
  });

  it('cancels a PENDING order once and returns its stock', async () => {
    expect(await stockOf(productId)).toBe(6);
    const cancel = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${orderId}/cancel`,
      headers: alice.headers,
    });
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json().status).toBe('CANCELLED');
    expect(await stockOf(productId)).toBe(10);
    const again = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${orderId}/cancel`,
      headers: alice.headers,
    });
    expect(again.statusCode).toBe(409);
    expect(await stockOf(productId)).toBe(10);
  });
});

describe('operators', () => {
  it('move an order along its life, and an illegal move is a 409', async () => {
    const [a] = await insertProducts(ctx.databases.admin.db, [{ stock: 3 }]);
    const placed = await order(alice, {
      customer_ref: 'c',
      items: [{ product_id: a, quantity: 2 }],
      shipping_address: address,
    });
    const id = placed.json().id;
    const move = (status: string) =>
      ctx.app.inject({
        method: 'POST',
        url: `/api/v1/operator/orders/${id}/status`,
        headers: bearer(operator),
        payload: { status },
      });

    expect((await move('SHIPPED')).statusCode).toBe(409);
    expect((await move('CONFIRMED')).json().status).toBe('CONFIRMED');
    const cancelled = await move('CANCELLED');
    expect(cancelled.json().status).toBe('CANCELLED');
    expect(await stockOf(a as number)).toBe(3);
    const illegal = await move('DELIVERED');
    expect(illegal.statusCode).toBe(409);
    expect(illegal.json().error).toMatchObject({
      code: 'illegal_transition',
      details: [{ from: 'CANCELLED', to: 'DELIVERED' }],
    });

    const list = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/operator/orders?status=CANCELLED',
      headers: bearer(operator),
    });
    expect(list.json().items.map((o: { id: number }) => o.id)).toContain(id);
    const asTrader = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/operator/orders',
      headers: alice.headers,
    });
    expect(asTrader.statusCode).toBe(401);
  });
});
