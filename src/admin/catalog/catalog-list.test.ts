import { beforeAll, describe, expect, it } from 'vitest';
import { bearer, operatorToken } from '#test/admin.ts';
import { useTestApp } from '#test/app.ts';

const ctx = useTestApp('admin');
let headers: Record<string, string>;

beforeAll(async () => {
  headers = bearer(await operatorToken(ctx.app, ctx.databases));
});

const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
  ctx.app.inject({
    method,
    url: `/api/v1/operator${url}`,
    headers,
    ...(payload ? { payload } : {}),
  });

const fields = (response: { json(): { error: { details: { field: string }[] } } }) =>
  response.json().error.details.map((detail) => detail.field);

describe('operator catalog: listing', () => {
  it('filters by text, status and category', async () => {
    const category = (await call('POST', '/categories', { name: 'Lamps' })).json();
    const lamp = (
      await call('POST', '/products', {
        sku: 'LAMP-1',
        name: 'Brass 100% Table Lamp',
        price: '89.00',
        category_id: category.id,
      })
    ).json();
    await call('POST', '/products', { sku: 'LAMP-2', name: 'Floor Lamp', price: '129.00' });
    await call('POST', `/products/${lamp.id}/withdraw`);

    const skus = async (query: string) =>
      (await call('GET', `/products?${query}`)).json().items.map((p: { sku: string }) => p.sku);
    expect(await skus('q=lamp')).toEqual(['LAMP-2', 'LAMP-1']);
    expect(await skus('q=lamp-1')).toEqual(['LAMP-1']);
    // LIKE wildcards in the text are matched literally.
    expect(await skus('q=100%25')).toEqual(['LAMP-1']);
    expect(await skus('q=_')).toEqual([]);
    expect(await skus('q=lamp&status=active')).toEqual(['LAMP-2']);
    expect(await skus(`category_id=${category.id}`)).toEqual(['LAMP-1']);
  });

  it('pages newest first, stable when products are added meanwhile', async () => {
    const all = (await call('GET', '/products?limit=100'))
      .json()
      .items.map((p: { id: number }) => p.id);
    expect(all).toEqual([...all].sort((a, b) => b - a));
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await call('GET', `/products?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.statusCode).toBe(200);
      seen.push(...page.json().items.map((p: { id: number }) => p.id));
      cursor = page.json().next_cursor;
      await call('POST', '/products', { sku: `NEW-${seen.length}`, name: 'Late', price: '1.00' });
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('answers 422 for a tampered cursor or a bad filter', async () => {
    const tampered = Buffer.from('["x"]').toString('base64url');
    const response = await call('GET', `/products?cursor=${tampered}`);
    expect(response.statusCode).toBe(422);
    expect(fields(response)).toEqual(['cursor']);
    const bad = await call('GET', '/products?status=gone&category_id=x&limit=500');
    expect(bad.statusCode).toBe(422);
    expect(fields(bad)).toEqual(expect.arrayContaining(['status', 'category_id', 'limit']));
  });
});
