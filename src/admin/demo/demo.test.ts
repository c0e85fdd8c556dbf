import { asc } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { categories, products } from '#shared/db/schema/admin.ts';
import { bearer, operatorToken } from '#test/admin.ts';
import { useTestApp } from '#test/app.ts';
import { buildDemoCatalog } from './generate.ts';
import { seedDemoCatalog } from './seed.ts';
import { escapeXml } from './svg.ts';

const ctx = useTestApp('admin');
const BASE = 'http://admin.example.test:8080';
const db = () => ctx.databases.admin.db;

async function catalogRows() {
  return db()
    .select({
      sku: products.sku,
      name: products.name,
      price: products.price,
      stock: products.stock,
    })
    .from(products)
    .orderBy(asc(products.sku));
}

async function emptyCatalog() {
  await db().delete(products);
  await db().delete(categories);
}

describe('demo catalog data', () => {
  const catalog = buildDemoCatalog(`${BASE}/`);

  it('is the same on every build', () => {
    expect(buildDemoCatalog(BASE)).toEqual(catalog);
  });

  it('has 12 categories and 200 distinct, plausible products', () => {
    expect(catalog.categories).toHaveLength(12);
    expect(catalog.products).toHaveLength(200);
    expect(new Set(catalog.products.map((p) => p.sku)).size).toBe(200);
    expect(new Set(catalog.products.map((p) => p.name)).size).toBe(200);
    const cents = catalog.products.map((p) => Number(p.price.replace('.', '')));
    expect(Math.min(...cents)).toBeGreaterThanOrEqual(490);
    expect(Math.max(...cents)).toBeLessThanOrEqual(89900);
    expect(new Set(cents).size).toBeGreaterThan(100);
    expect(catalog.products.every((p) => /^[1-9][0-9]*\.[0-9]{2}$/.test(p.price))).toBe(true);
    const stocks = catalog.products.map((p) => p.stock);
    expect(stocks.filter((s) => s === 0).length).toBeGreaterThan(5);
    expect(stocks.filter((s) => s >= 5 && s <= 200).length).toBeGreaterThan(150);
    for (const product of catalog.products) {
      expect(product.attributes).toMatchObject({
        brand: expect.any(String),
        colour: expect.any(String),
      });
      expect(product.imageUrls).toEqual([`${BASE}/media/products/${product.sku}.svg`]);
      expect(product.description.length).toBeGreaterThan(30);
    }
  });
});

describe('seedDemoCatalog', () => {
  it('seeds 12 categories and 200 products once, then answers null', async () => {
    expect(await seedDemoCatalog(db(), BASE)).toEqual({ categories: 12, products: 200 });
    expect(await db().$count(categories)).toBe(12);
    expect(await db().$count(products)).toBe(200);
    const first = await catalogRows();
    expect(await seedDemoCatalog(db(), BASE)).toBeNull();
    expect(await catalogRows()).toEqual(first);
  });

  it('seeds the same catalog every time, and only once when two seeds race', async () => {
    const before = await catalogRows();
    await emptyCatalog();
    const results = await Promise.all([seedDemoCatalog(db(), BASE), seedDemoCatalog(db(), BASE)]);
    expect(results.filter((result) => result === null)).toHaveLength(1);
    expect(await catalogRows()).toEqual(before);
  });

  it('does not touch a catalog that has products', async () => {
    await emptyCatalog();
    const operator = bearer(await operatorToken(ctx.app, ctx.databases));
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/operator/products',
      headers: operator,
      payload: { sku: 'OWN-1', name: 'Our own', price: '1.00' },
    });
    expect(await seedDemoCatalog(db(), BASE)).toBeNull();
    expect(await db().$count(products)).toBe(1);
    expect(await db().$count(categories)).toBe(0);
  });
});

describe('product images', () => {
  beforeAll(async () => {
    await emptyCatalog();
    await seedDemoCatalog(db(), BASE);
  });

  const image = (sku: string, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method: 'GET', url: `/media/products/${sku}.svg`, headers });

  it('serves a generated, cacheable SVG with the product name', async () => {
    const response = await image('KIT-0001');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(response.headers['cache-control']).toMatch(/^public, max-age=\d+/);
    expect(response.body).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const [product] = buildDemoCatalog(BASE).products;
    expect(response.body).toContain(`aria-label="${escapeXml(product?.name ?? '')}"`);
    expect((await image('KIT-0001')).body).toBe(response.body);
    expect((await image('KIT-0002')).body).not.toBe(response.body);

    const etag = response.headers.etag as string;
    const again = await image('KIT-0001', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('escapes the name as XML', async () => {
    const operator = bearer(await operatorToken(ctx.app, ctx.databases));
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/operator/products',
      headers: operator,
      payload: { sku: 'XSS-1', name: `<script>alert("x")</script> & 'more'`, price: '1.00' },
    });
    const body = (await image('XSS-1')).body;
    expect(body).not.toContain('<script');
    expect(body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(body).toContain('&amp; &apos;more&apos;');
  });

  it('answers 404 in the envelope for an unknown sku', async () => {
    const response = await image('NOPE-1');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: 'not_found', message: 'Image not found.' } });
  });
});
