import { beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '#shared/pagination.ts';
import {
  type ActiveTrader,
  activeTrader,
  bearer,
  operatorToken,
  serviceToken,
} from '#test/admin.ts';
import { useTestApp } from '#test/app.ts';

const ctx = useTestApp('admin');
let trader: ActiveTrader;
let operator: Record<string, string>;
const ids: number[] = [];

beforeAll(async () => {
  trader = await activeTrader(ctx.app, ctx.databases);
  operator = bearer(await operatorToken(ctx.app, ctx.databases));
  await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/operator/categories',
    headers: operator,
    payload: { name: 'Kitchen' },
  });
  for (let n = 1; n <= 7; n++) {
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/operator/products',
      headers: operator,
      payload: { sku: `SYNC-${n}`, name: `Product ${n}`, price: `${n}.50`, stock: n * 10 },
    });
    ids.push(created.json().id);
  }
});

const read = (url: string, headers: Record<string, string> = trader.headers) =>
  ctx.app.inject({ method: 'GET', url: `/api/v1${url}`, headers });

async function readAll(query: string, from: string | null = null) {
  const seen: { id: number; status: string; updated_at: string }[] = [];
  let cursor = from;
  do {
    const page = await read(`/products?limit=3${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(page.statusCode).toBe(200);
    seen.push(...page.json().items);
    cursor = page.json().next_cursor;
  } while (cursor);
  return seen;
}

describe('trader catalog: authentication', () => {
  it.each(['/categories', '/products', `/products/1`, '/stock?ids=1'])(
    'GET %s refuses every incomplete credential with 401',
    async (url) => {
      const service = bearer(await serviceToken(ctx.app));
      const attempts = [
        {},
        operator,
        { ...operator, 'x-api-key': trader.apiKey },
        service,
        { ...service, 'x-api-key': 'bk_wrong' },
        { 'x-api-key': trader.apiKey },
      ];
      for (const headers of attempts) {
        const response = await read(url, headers);
        expect(response.statusCode).toBe(401);
        expect(response.json().error.code).toEqual(expect.any(String));
      }
      expect((await read(url)).statusCode).toBe(200);
    },
  );
});

describe('trader catalog: reading', () => {
  it('lists categories', async () => {
    const response = await read('/categories');
    expect(response.json()).toMatchObject({ items: [{ slug: 'kitchen' }], next_cursor: null });
  });

  it('pages through every product in (updated_at, id) order, stable under changes', async () => {
    const first = await read('/products?limit=3');
    expect(first.json().items).toHaveLength(3);
    // The first page counts the whole feed, so a sync can show its progress.
    expect(first.json().total).toBe(ids.length);
    // A change while paging moves a product behind the cursor; nothing is skipped or repeated.
    await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/operator/products/${ids[0]}`,
      headers: operator,
      payload: { price: '99.00' },
    });
    const rest = await readAll('', first.json().next_cursor);
    const all = [...first.json().items, ...rest];
    expect(all.map((p) => p.id)).toEqual([...ids, ids[0]]);
    const keys = rest.map((p) => `${p.updated_at}|${String(p.id).padStart(9, '0')}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('answers only changes since updated_since, withdrawn products with their status', async () => {
    const all = await readAll('');
    const since = all.at(-1)?.updated_at as string;
    await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/operator/products/${ids[3]}/withdraw`,
      headers: operator,
    });
    const changed = await readAll(`&updated_since=${encodeURIComponent(since)}`);
    expect(changed.map((p) => [p.id, p.status])).toEqual([
      [all.at(-1)?.id, 'active'],
      [ids[3], 'withdrawn'],
    ]);
    const future = await read('/products?updated_since=2999-01-01T00:00:00Z');
    expect(future.json()).toEqual({ items: [], next_cursor: null, total: 0 });
    const one = await read(`/products/${ids[3]}`);
    expect(one.json()).toMatchObject({ id: ids[3], sku: 'SYNC-4', status: 'withdrawn' });
    expect((await read('/products/999999')).statusCode).toBe(404);
  });

  it.each([
    ['a tampered cursor', `cursor=${encodeCursor(['yesterday', 1])}`, 'cursor'],
    ['a cursor of another list', `cursor=${encodeCursor([5])}`, 'cursor'],
    ['garbage for a cursor', 'cursor=%%%not-base64', 'cursor'],
    ['a limit over 1000 (the feed pages larger than lists)', 'limit=1001', 'limit'],
    ['a limit of zero', 'limit=0', 'limit'],
    ['a date without zone', 'updated_since=2024-01-01', 'updated_since'],
    ['an unknown parameter', 'sort=name', 'sort'],
  ])('answers 422 naming the parameter for %s', async (_name, query, field) => {
    const response = await read(`/products?${query}`);
    expect(response.statusCode).toBe(422);
    expect(response.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
  });
});

describe('trader catalog: live stock', () => {
  it('answers the stock of the known ids and leaves unknown ones out', async () => {
    const response = await read(`/stock?ids=${ids[1]},${ids[3]},999999,${ids[1]}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json()).toEqual({
      items: [
        { product_id: ids[1], stock: 20, status: 'active' },
        { product_id: ids[3], stock: 40, status: 'withdrawn' },
      ],
    });
  });

  it('takes 100 ids but not 101', async () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1).join(',');
    expect((await read(`/stock?ids=${hundred}`)).statusCode).toBe(200);
    const tooMany = await read(`/stock?ids=${hundred},101`);
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json().error.details).toMatchObject([{ field: 'ids' }]);
  });

  it.each(['1,abc', '1.5', '-1', '0', '1,,2', ''])(
    'answers 422 naming ids for "%s"',
    async (value) => {
      const response = await read(`/stock?ids=${value}`);
      expect(response.statusCode).toBe(422);
      expect(response.json().error.details[0].field).toBe('ids');
    },
  );

  it('answers 422 naming ids when they are missing', async () => {
    const response = await read('/stock');
    expect(response.statusCode).toBe(422);
    expect(response.json().error.details[0].field).toBe('ids');
  });
});
