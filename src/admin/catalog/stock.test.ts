import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { products } from '#shared/db/schema/admin.ts';
import { bearer, operatorToken } from '#test/admin.ts';
import { useTestApp } from '#test/app.ts';

const ctx = useTestApp('admin');
let headers: Record<string, string>;
let sku = 0;

beforeAll(async () => {
  headers = bearer(await operatorToken(ctx.app, ctx.databases));
});

async function newProduct(stock: number): Promise<{ id: number; updated_at: string }> {
  const response = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/operator/products',
    headers,
    payload: { sku: `STOCK-${++sku}`, name: 'Stocked thing', price: '5.00', stock },
  });
  return response.json();
}

const change = (id: number, payload: object) =>
  ctx.app.inject({
    method: 'POST',
    url: `/api/v1/operator/products/${id}/stock`,
    headers,
    payload,
  });

async function stockInDb(id: number) {
  const [row] = await ctx.databases.admin.db
    .select({ stock: products.stock })
    .from(products)
    .where(eq(products.id, id));
  return row?.stock;
}

describe('operator stock changes', () => {
  it('sets and adjusts, bumping updated_at every time', async () => {
    const product = await newProduct(10);
    const set = await change(product.id, { set: 25 });
    expect(set.statusCode).toBe(200);
    expect(set.json().stock).toBe(25);
    expect(set.json().updated_at > product.updated_at).toBe(true);
    const taken = await change(product.id, { adjust: -5 });
    expect(taken.json().stock).toBe(20);
    expect(taken.json().updated_at > set.json().updated_at).toBe(true);
    const added = await change(product.id, { adjust: 3 });
    expect(added.json().stock).toBe(23);
    expect(await stockInDb(product.id)).toBe(23);
  });

  it('refuses an adjustment below zero with 409 insufficient_stock and changes nothing', async () => {
    const product = await newProduct(3);
    const response = await change(product.id, { adjust: -4 });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({
      code: 'insufficient_stock',
      details: [{ product_id: product.id, requested: 4, available: 3 }],
    });
    expect(await stockInDb(product.id)).toBe(3);
    expect((await change(product.id, { adjust: -3 })).json().stock).toBe(0);
  });

  it.each([
    ['both set and adjust', { set: 1, adjust: 1 }, ['set', 'adjust']],
    ['neither', {}, ['set', 'adjust']],
    ['a string quantity', { adjust: '1' }, ['adjust']],
    ['a fractional quantity', { adjust: 1.5 }, ['adjust']],
    ['a negative set', { set: -1 }, ['set']],
    ['a huge adjustment', { adjust: 2_000_000_000 }, ['adjust']],
    ['an unknown field', { delta: 1 }, ['delta']],
  ])('answers 422 for %s', async (_name, payload, fields) => {
    const product = await newProduct(1);
    const response = await change(product.id, payload);
    expect(response.statusCode).toBe(422);
    expect(response.json().error.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(fields),
    );
  });

  it('answers 422 when an adjustment would pass the ceiling, 404 for an unknown product', async () => {
    const product = await newProduct(999_999_999);
    const response = await change(product.id, { adjust: 2 });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.details[0].field).toBe('adjust');
    expect((await change(999999, { adjust: 1 })).statusCode).toBe(404);
    expect((await change(999999, { set: 1 })).statusCode).toBe(404);
  });

  it('applies parallel adjustments atomically: none lost, never below zero', async () => {
    const product = await newProduct(10);
    const takes = await Promise.all(
      Array.from({ length: 25 }, () => change(product.id, { adjust: -1 })),
    );
    const codes = takes.map((response) => response.statusCode);
    expect(codes.filter((code) => code === 200)).toHaveLength(10);
    expect(codes.filter((code) => code === 409)).toHaveLength(15);
    expect(await stockInDb(product.id)).toBe(0);

    const adds = await Promise.all(
      Array.from({ length: 20 }, () => change(product.id, { adjust: 2 })),
    );
    expect(adds.every((response) => response.statusCode === 200)).toBe(true);
    expect(await stockInDb(product.id)).toBe(40);
  });
});
