import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { products } from '#shared/db/schema/admin.ts';
import { bearer, operatorToken, serviceToken } from '#test/admin.ts';
import { useTestApp } from '#test/app.ts';

const ctx = useTestApp('admin');
let headers: Record<string, string>;

beforeAll(async () => {
  headers = bearer(await operatorToken(ctx.app, ctx.databases));
});

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  ctx.app.inject({
    method,
    url: `/api/v1/operator${url}`,
    headers,
    ...(payload ? { payload } : {}),
  });

const fields = (response: { json(): { error: { details: { field: string }[] } } }) =>
  response.json().error.details.map((detail) => detail.field);

async function dbRow(id: number) {
  const [row] = await ctx.databases.admin.db.select().from(products).where(eq(products.id, id));
  return row;
}

describe('operator catalog: authentication', () => {
  it.each([
    ['GET', '/products'],
    ['POST', '/products'],
    ['GET', '/categories'],
    ['POST', '/products/1/stock'],
  ] as const)('%s %s answers 401 without an operator token', async (method, url) => {
    const anonymous = await ctx.app.inject({ method, url: `/api/v1/operator${url}`, payload: {} });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toEqual(expect.any(String));
    const service = await ctx.app.inject({
      method,
      url: `/api/v1/operator${url}`,
      headers: bearer(await serviceToken(ctx.app)),
      payload: {},
    });
    expect(service.statusCode).toBe(401);
  });
});

describe('operator catalog: categories', () => {
  it('creates with a slug made from the name, lists in position order, patches', async () => {
    const first = await call('POST', '/categories', { name: 'Küche & Haus', position: 2 });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ name: 'Küche & Haus', slug: 'kuche-haus', position: 2 });
    const second = await call('POST', '/categories', { name: 'Garden', slug: 'garden' });
    expect(second.json()).toMatchObject({ slug: 'garden', position: 0 });

    const list = await call('GET', '/categories');
    expect(list.json().items.map((c: { slug: string }) => c.slug)).toEqual([
      'garden',
      'kuche-haus',
    ]);
    expect(list.json().next_cursor).toBeNull();

    const patched = await call('PATCH', `/categories/${second.json().id}`, { position: 5 });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().position).toBe(5);
    expect(patched.json().updated_at > second.json().updated_at).toBe(true);
  });

  it('refuses a duplicate slug (409), bad fields (422) and unknown ids (404)', async () => {
    await call('POST', '/categories', { name: 'Toys', slug: 'toys' });
    const duplicate = await call('POST', '/categories', { name: 'More toys', slug: 'toys' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('duplicate_slug');
    const bad = await call('POST', '/categories', { name: ' ', slug: 'Not A Slug', colour: 1 });
    expect(bad.statusCode).toBe(422);
    expect(fields(bad)).toEqual(expect.arrayContaining(['name', 'slug', 'colour']));
    expect((await call('PATCH', '/categories/999999', { name: 'x' })).statusCode).toBe(404);
  });
});

describe('operator catalog: products', () => {
  const valid = { sku: 'MUG-001', name: 'Stoneware Mug', price: '12.90' };

  it('creates a product with defaults and answers the product JSON', async () => {
    const created = await call('POST', '/products', valid);
    expect(created.statusCode).toBe(201);
    const product = created.json();
    expect(product).toEqual({
      id: expect.any(Number),
      sku: 'MUG-001',
      name: 'Stoneware Mug',
      description: '',
      price: '12.90',
      currency: 'EUR',
      stock: 0,
      category_id: null,
      attributes: {},
      image_urls: [],
      status: 'active',
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      updated_at: product.created_at,
    });
    expect(await dbRow(product.id)).toMatchObject({ sku: 'MUG-001', price: '12.90', stock: 0 });
    const fetched = await call('GET', `/products/${product.id}`);
    expect(fetched.json()).toEqual(product);
  });

  it('refuses a duplicate sku with 409', async () => {
    await call('POST', '/products', { ...valid, sku: 'DUP-1' });
    const again = await call('POST', '/products', { ...valid, sku: 'DUP-1', name: 'Other' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('duplicate_sku');
  });

  it.each([
    ['price as a number', { price: 12.9 }, 'price'],
    ['a negative price', { price: '-1.00' }, 'price'],
    ['a price with three decimals', { price: '1.999' }, 'price'],
    ['a lower-case currency', { currency: 'eur' }, 'currency'],
    ['stock as a string', { stock: '5' }, 'stock'],
    ['a fractional stock', { stock: 1.5 }, 'stock'],
    ['a negative stock', { stock: -1 }, 'stock'],
    ['an unknown field', { colour: 'red' }, 'colour'],
    ['a read-only status', { status: 'withdrawn' }, 'status'],
    ['an image that is not a URL', { image_urls: ['not a url'] }, 'image_urls.0'],
    ['a javascript: image URL', { image_urls: ['javascript:alert(1)'] }, 'image_urls.0'],
    [
      'a data: image URL',
      { image_urls: ['data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='] },
      'image_urls.0',
    ],
  ])('answers 422 naming the field for %s', async (_name, change, field) => {
    const response = await call('POST', '/products', { ...valid, sku: 'BAD-1', ...change });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('validation_failed');
    expect(fields(response)).toContain(field);
  });

  it('answers 422 naming category_id for an unknown category, on create and on update', async () => {
    const created = await call('POST', '/products', { ...valid, sku: 'CAT-1', category_id: 99999 });
    expect(created.statusCode).toBe(422);
    expect(fields(created)).toEqual(['category_id']);
    const product = (await call('POST', '/products', { ...valid, sku: 'CAT-2' })).json();
    const patched = await call('PATCH', `/products/${product.id}`, { category_id: 99999 });
    expect(patched.statusCode).toBe(422);
    expect(fields(patched)).toEqual(['category_id']);
  });

  it('updates any field but sku and bumps updated_at', async () => {
    const category = (await call('POST', '/categories', { name: 'Kitchen' })).json();
    const product = (await call('POST', '/products', { ...valid, sku: 'UPD-1' })).json();
    const patch = {
      name: 'Big Mug',
      price: '14.50',
      stock: 7,
      category_id: category.id,
      attributes: { colour: 'sage', capacity_ml: 450 },
      image_urls: ['https://img.example.com/mug.png'],
    };
    const patched = await call('PATCH', `/products/${product.id}`, patch);
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ ...patch, sku: 'UPD-1' });
    expect(patched.json().updated_at > product.updated_at).toBe(true);
    expect(await dbRow(product.id)).toMatchObject({ name: 'Big Mug', price: '14.50', stock: 7 });

    const sku = await call('PATCH', `/products/${product.id}`, { sku: 'NEW' });
    expect(sku.statusCode).toBe(422);
    expect(fields(sku)).toEqual(['sku']);
    expect((await call('PATCH', `/products/${product.id}`, {})).statusCode).toBe(422);
    expect((await call('PATCH', '/products/999999', { name: 'x' })).statusCode).toBe(404);
    expect((await call('GET', '/products/abc')).statusCode).toBe(422);
  });

  it('withdraws and restores, keeping the row and bumping updated_at each time', async () => {
    const product = (await call('POST', '/products', { ...valid, sku: 'WD-1' })).json();
    const withdrawn = await call('POST', `/products/${product.id}/withdraw`);
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json().status).toBe('withdrawn');
    expect(withdrawn.json().updated_at > product.updated_at).toBe(true);
    expect((await dbRow(product.id))?.status).toBe('withdrawn');
    const again = await call('POST', `/products/${product.id}/withdraw`);
    expect(again.json()).toEqual(withdrawn.json());
    const restored = await call('POST', `/products/${product.id}/restore`);
    expect(restored.json().status).toBe('active');
    expect(restored.json().updated_at > withdrawn.json().updated_at).toBe(true);
    expect((await call('POST', '/products/999999/withdraw')).statusCode).toBe(404);
  });
});
