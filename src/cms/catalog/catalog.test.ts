import { beforeAll, describe, expect, it } from 'vitest';
import { categories, traderProductImages } from '#shared/db/schema/app.ts';
import { toCents } from '#shared/money.ts';
import { encodeCursor } from '#shared/pagination.ts';
import { useTestApp } from '#test/app.ts';
import { type ProductSpec, seedCatalog } from '#test/catalog.ts';
import { type CmsTrader, cmsTrader } from '#test/cms.ts';
import { allIds, catalogApi } from './catalog.test-helpers.ts';

const ctx = useTestApp('cms');
const api = catalogApi(ctx);
let alice: CmsTrader;
let bob: CmsTrader;

const SPECS: ProductSpec[] = [
  { name: 'Blue Mug', sku: 'MUG-001', price: '12.50', stock: 5, categoryId: 1, visibility: true },
  { name: 'Red Mug', sku: 'MUG-002', price: '12.50', stock: 0, categoryId: 1 },
  { name: 'Green 100% Cotton Shirt', sku: 'SHIRT_01', price: '30.00', stock: 3, categoryId: 2 },
  { name: 'Withdrawn Lamp', sku: 'LAMP-1', price: '45.00', stock: 2, status: 'withdrawn' },
  { name: 'Apron', sku: 'APR-9', price: '9.99', stock: 0, visibility: true },
  // Many ties on price and stock, so that pages must break them by id.
  ...Array.from({ length: 16 }, (_, n) => ({
    name: `Product ${String(n).padStart(2, '0')}`,
    price: ['5.00', '7.50', '12.50'][n % 3],
    stock: n % 4,
    visibility: n % 2 === 0,
  })),
];

interface Seeded {
  id: number;
  name: string;
  cents: number;
  stock: number;
  status: string;
  visible: boolean;
}
let seeded: Seeded[];
const ids = (items: { id: number }[]) => items.map((item) => item.id);

beforeAll(async () => {
  alice = await cmsTrader(ctx.app, ctx.databases);
  bob = await cmsTrader(ctx.app, ctx.databases);
  const db = ctx.databases.app.db;
  await db.insert(categories).values([
    { id: 1, slug: 'mugs', name: 'Mugs', position: 1, upstreamUpdatedAt: new Date() },
    { id: 2, slug: 'shirts', name: 'Shirts', position: 2, upstreamUpdatedAt: new Date() },
  ]);
  const aliceIds = await seedCatalog(db, alice.id, SPECS);
  seeded = aliceIds.map((id, index) => {
    const spec = SPECS[index] as ProductSpec;
    return {
      id,
      name: spec.name as string,
      cents: toCents(spec.price as string),
      stock: spec.stock as number,
      status: spec.status ?? 'active',
      visible: spec.visibility ?? false,
    };
  });
  await seedCatalog(db, bob.id, [{ name: 'Blue Mug of Bob', sku: 'BOB-1' }]);
});

const active = () => seeded.filter((product) => product.status === 'active');
const byKey =
  <K extends 'name' | 'cents' | 'stock'>(key: K, descending: boolean) =>
  (a: Seeded, b: Seeded) => {
    const order = a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : a.id - b.id;
    return descending ? -order : order;
  };

describe('the catalog listing', () => {
  it('shows central and local fields merged, in catalog order, without withdrawn products', async () => {
    const response = await api.list(alice, '?limit=100');
    expect(response.statusCode).toBe(200);
    const { items, next_cursor } = response.json();
    expect(next_cursor).toBeNull();
    expect(ids(items)).toEqual(ids(active()));
    expect(items[0]).toEqual({
      id: seeded[0]?.id,
      sku: 'MUG-001',
      name: 'Blue Mug',
      description: `Central description of ${seeded[0]?.id}`,
      price: '12.50',
      currency: 'EUR',
      stock: 5,
      category: { id: 1, slug: 'mugs', name: 'Mugs' },
      attributes: { colour: 'blue' },
      images: [`http://127.0.0.1:8080/media/products/${seeded[0]?.id}.svg`],
      status: 'active',
      local_description: null,
      local_images: [],
      visibility: true,
      position: 1,
      seo_title: null,
      seo_description: null,
      updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(items.find((item: { sku: string }) => item.sku === 'APR-9').category).toBeNull();
  });

  it('filters by status', async () => {
    const withdrawn = await api.list(alice, '?status=withdrawn');
    expect(ids(withdrawn.json().items)).toEqual([seeded[3]?.id]);
    const all = await api.list(alice, '?status=all&limit=100');
    expect(ids(all.json().items)).toEqual(ids(seeded));
  });

  it.each([
    ['q=mUg', ['MUG-001', 'MUG-002']],
    ['q=100%25', ['SHIRT_01']],
    ['q=%25', ['SHIRT_01']],
    ['q=_', ['SHIRT_01']],
    ['q=apr-', ['APR-9']],
    ['q=lamp', []],
    ['q=lamp&status=all', ['LAMP-1']],
    ['category_id=1', ['MUG-001', 'MUG-002']],
    ['category_id=2&in_stock=true', ['SHIRT_01']],
    ['in_stock=false&q=m', ['MUG-002']],
    ['visibility=true&category_id=1', ['MUG-001']],
    ['visibility=false&category_id=1', ['MUG-002']],
  ])('filters by %s', async (query, skus) => {
    const response = await api.list(alice, `?${query}`);
    expect(response.statusCode).toBe(200);
    expect(response.json().items.map((item: { sku: string }) => item.sku)).toEqual(skus);
  });

  it('counts in_stock and visibility over the whole catalog', async () => {
    const inStock = await allIds((q) => api.list(alice, q), 'in_stock=true&limit=100');
    expect(inStock).toEqual(ids(active().filter((product) => product.stock > 0)));
    const hidden = await allIds((q) => api.list(alice, q), 'visibility=false&limit=7');
    expect(hidden).toEqual(ids(active().filter((product) => !product.visible)));
  });

  it.each([
    ['position', () => ids(active())],
    ['name', () => ids(active().sort(byKey('name', false)))],
    ['-name', () => ids(active().sort(byKey('name', true)))],
    ['price', () => ids(active().sort(byKey('cents', false)))],
    ['-price', () => ids(active().sort(byKey('cents', true)))],
    ['stock', () => ids(active().sort(byKey('stock', false)))],
    ['-stock', () => ids(active().sort(byKey('stock', true)))],
  ])('sorts by %s, page by page, with nothing missing or repeated', async (sort, expected) => {
    const onePage = await api.list(alice, `?sort=${sort}&limit=100`);
    expect(ids(onePage.json().items)).toEqual(expected());
    for (const limit of [1, 3, 7]) {
      expect(await allIds((q) => api.list(alice, q), `sort=${sort}&limit=${limit}`)).toEqual(
        expected(),
      );
    }
  });

  it('refuses a tampered cursor, or one of another sort, naming the cursor', async () => {
    const first = await api.list(alice, '?sort=name&limit=2');
    const cursor = first.json().next_cursor;
    const queries = [
      'cursor=tampered',
      `cursor=${cursor.slice(0, -2)}`,
      `sort=-name&cursor=${cursor}`,
      `sort=price&cursor=${cursor}`,
      `sort=name&cursor=${encodeCursor(['name', 'Blue Mug'])}`,
      `sort=name&cursor=${encodeCursor(['name', 'nul\0', 1])}`,
      `sort=price&cursor=${encodeCursor(['price', 'abc', 1])}`,
      `sort=price&cursor=${encodeCursor(['price', 5, 1])}`,
      `cursor=${encodeCursor(['position', 2 ** 40, 1])}`,
      `cursor=${encodeCursor(['position', 1, 'one'])}`,
      `sort=stock&cursor=${encodeCursor(['stock', 1.5, 1])}`,
    ];
    for (const query of queries) {
      const response = await api.list(alice, `?${query}`);
      expect(response.statusCode, query).toBe(422);
      expect(response.json().error).toMatchObject({
        code: 'validation_failed',
        details: [{ field: 'cursor', location: 'querystring', code: 'invalid_cursor' }],
      });
    }
    expect((await api.list(alice, `?sort=name&cursor=${cursor}`)).statusCode).toBe(200);
  });

  it('pages on by name through the longest names the Admin allows (200 characters)', async () => {
    const carol = await cmsTrader(ctx.app, ctx.databases);
    // Each character of these takes 4, 2 and 6 bytes in a cursor's JSON.
    const names = ['\u{1F600}'.repeat(200), '"'.repeat(200), '\u0001'.repeat(200), 'Plain'];
    const carols = await seedCatalog(
      ctx.databases.app.db,
      carol.id,
      names.map((name) => ({ name })),
    );
    for (const sort of ['name', '-name']) {
      const listed = await allIds((query) => api.list(carol, query), `sort=${sort}&limit=1`);
      expect([...listed].sort(), sort).toEqual([...carols].sort());
    }
  });

  it('refuses bad query values', async () => {
    for (const query of ['limit=0', 'limit=101', 'sort=colour', 'status=gone', 'in_stock=maybe']) {
      const response = await api.list(alice, `?${query}`);
      expect(response.statusCode, query).toBe(422);
      expect(response.json().error.details[0].location).toBe('querystring');
    }
    expect((await api.list(alice, '?colour=red')).json().error.details).toEqual([
      expect.objectContaining({ field: 'colour', code: 'unknown_field' }),
    ]);
  });
});

describe('one product of the catalog', () => {
  it('has the same shape as in the list, with the trader’s own images', async () => {
    const id = seeded[2]?.id as number;
    await ctx.databases.app.db.insert(traderProductImages).values([
      { traderId: alice.id, productId: id, position: 2, width: 800, height: 600, bytes: 1000 },
      { traderId: alice.id, productId: id, position: 1, width: 640, height: 480, bytes: 900 },
    ]);
    const response = await api.get(alice, id);
    expect(response.statusCode).toBe(200);
    const product = response.json();
    expect(product).toMatchObject({ id, sku: 'SHIRT_01', category: { slug: 'shirts' } });
    expect(product.local_images.map((image: { width: number }) => image.width)).toEqual([640, 800]);
    expect(product.local_images[0].url).toMatch(new RegExp(`^/uploads/products/${alice.id}/`));
    const listed = (await api.list(alice, '?q=SHIRT_')).json().items[0];
    expect(listed).toEqual(product);
  });

  it('answers 404 for a product outside the catalog, including another trader’s', async () => {
    const response = await api.get(bob, seeded[0]?.id as number);
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
    expect((await api.get(alice, 999_999_999)).statusCode).toBe(404);
    expect((await api.get(alice, 0)).statusCode).toBe(422);
    expect((await api.call('GET', alice, '/99999999999999999999')).statusCode).toBe(422);
  });

  it("never lists another trader's products", async () => {
    const response = await api.list(bob, '?status=all&limit=100');
    expect(response.json().items.map((item: { sku: string }) => item.sku)).toEqual(['BOB-1']);
    const mugs = await api.list(alice, '?q=mug&status=all');
    expect(mugs.json().items.map((item: { sku: string }) => item.sku)).not.toContain('BOB-1');
  });
});

describe('access', () => {
  it('is for signed-in ACTIVE traders only', async () => {
    const pending = await cmsTrader(ctx.app, ctx.databases, 'PENDING');
    const id = seeded[0]?.id as number;
    for (const response of [
      await api.list(pending),
      await api.get(pending, id),
      await api.patch(pending, id, { visibility: true }),
      await api.bulk(pending, { product_ids: [id], visibility: true }),
      await api.reorder(pending, { product_ids: [id] }),
    ]) {
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('trader_not_active');
    }
    for (const [method, url] of [
      ['GET', ''],
      ['GET', `/${id}`],
      ['PATCH', `/${id}`],
      ['POST', '/bulk'],
      ['POST', '/reorder'],
    ] as const) {
      const response = await api.call(method, undefined, url, method === 'GET' ? undefined : {});
      expect(response.statusCode, `${method} ${url}`).toBe(401);
    }
  });
});

describe('the API description', () => {
  it('documents every catalog route, with its answers, under the catalog tag', async () => {
    const spec = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const routes = [
      ['get', '/api/v1/trader/products'],
      ['get', '/api/v1/trader/products/{id}'],
      ['patch', '/api/v1/trader/products/{id}'],
      ['post', '/api/v1/trader/products/bulk'],
      ['post', '/api/v1/trader/products/reorder'],
    ] as const;
    for (const [method, path] of routes) {
      const operation = spec.paths[path]?.[method];
      expect(operation, `${method} ${path}`).toMatchObject({
        tags: ['catalog'],
        security: [{ bearer: [] }],
      });
      expect(Object.keys(operation.responses)).toEqual(
        expect.arrayContaining(['200', '401', '403', '422']),
      );
    }
    const patch = spec.paths['/api/v1/trader/products/{id}'].patch;
    expect(patch.requestBody.content['application/json'].schema.description).toContain(
      'read_only_field',
    );
  });
});
