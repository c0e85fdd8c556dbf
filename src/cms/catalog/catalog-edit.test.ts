import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '#shared/db/client.ts';
import { useTestApp } from '#test/app.ts';
import { seedCatalog } from '#test/catalog.ts';
import { type CmsTrader, cmsTrader } from '#test/cms.ts';
import { auditRows, catalogApi } from './catalog.test-helpers.ts';

const ctx = useTestApp('cms');
const api = catalogApi(ctx);
let alice: CmsTrader;
let bob: CmsTrader;
let mug: number;
let shirt: number;

beforeAll(async () => {
  alice = await cmsTrader(ctx.app, ctx.databases);
  bob = await cmsTrader(ctx.app, ctx.databases);
  [mug = 0, shirt = 0] = await seedCatalog(ctx.databases.app.db, alice.id, [
    { name: 'Mug', price: '12.50', stock: 4 },
    { name: 'Shirt' },
  ]);
});

const central = async (id: number) => {
  const [row] = await queryRows<Record<string, unknown>>(
    ctx.databases.app.db,
    sql`select sku, name, description, price::text as price, stock, category_id, attributes,
               image_urls, status, currency from products where id = ${id}`,
  );
  return row;
};
const localRow = async (id: number) => {
  const [row] = await queryRows<Record<string, unknown>>(
    ctx.databases.app.db,
    sql`select local_description, visibility, position, seo_title, seo_description,
               updated_at::text as updated_at
        from trader_products where trader_id = ${alice.id} and product_id = ${id}`,
  );
  return row;
};

describe('editing a product of the catalog', () => {
  it("changes the trader's own fields, audits the change and answers the merged view", async () => {
    const before = await localRow(mug);
    const response = await api.patch(alice, mug, {
      local_description: 'Our favourite mug.',
      visibility: true,
      seo_title: 'Mug | Shop',
      seo_description: null,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: mug,
      name: 'Mug',
      price: '12.50',
      local_description: 'Our favourite mug.',
      visibility: true,
      seo_title: 'Mug | Shop',
      seo_description: null,
      position: 1,
    });
    const after = await localRow(mug);
    expect(after).toMatchObject({
      local_description: 'Our favourite mug.',
      visibility: true,
      seo_title: 'Mug | Shop',
      seo_description: null,
    });
    expect(after?.updated_at).not.toBe(before?.updated_at);
    // seo_description was already null: it is no change, so the audit row leaves it out.
    expect(await auditRows(ctx.databases.app.db, alice.id, 'product_updated')).toEqual([
      {
        action: 'product_updated',
        entity_type: 'product',
        entity_id: String(mug),
        changes: {
          before: { local_description: null, visibility: false, seo_title: null },
          after: {
            local_description: 'Our favourite mug.',
            visibility: true,
            seo_title: 'Mug | Shop',
          },
        },
      },
    ]);
  });

  it('writes nothing for a PATCH that changes nothing', async () => {
    const before = await localRow(mug);
    const audited = (await auditRows(ctx.databases.app.db, alice.id, 'product_updated')).length;
    const response = await api.patch(alice, mug, { visibility: true, seo_title: 'Mug | Shop' });
    expect(response.statusCode).toBe(200);
    expect(response.json().visibility).toBe(true);
    expect(await localRow(mug)).toEqual(before);
    expect(await auditRows(ctx.databases.app.db, alice.id, 'product_updated')).toHaveLength(
      audited,
    );
  });

  it('moves a product by position, and clears fields with null', async () => {
    const response = await api.patch(alice, shirt, { position: -5, local_description: null });
    expect(response.statusCode).toBe(200);
    const list = await api.list(alice);
    expect(list.json().items.map((item: { id: number }) => item.id)).toEqual([shirt, mug]);
    const cleared = await api.patch(alice, mug, { local_description: null });
    expect(cleared.json().local_description).toBeNull();
  });

  it.each([
    ['price', '1.00'],
    ['stock', 999],
    ['category', { id: 1 }],
    ['category_id', 1],
    ['categories', [1]],
    ['attributes', { colour: 'red' }],
    ['name', 'Cheap mug'],
    ['sku', 'X-1'],
    ['description', 'Rewritten'],
    ['currency', 'USD'],
    ['status', 'withdrawn'],
    ['images', ['http://evil.example/x.png']],
    ['image_urls', ['http://evil.example/x.png']],
    ['id', 42],
  ])('refuses the read-only field %s, naming it, and changes nothing', async (field, value) => {
    const centralBefore = await central(mug);
    const localBefore = await localRow(mug);
    for (const body of [{ [field]: value }, { [field]: value, seo_title: 'Sneaky' }]) {
      const response = await api.patch(alice, mug, body);
      expect(response.statusCode).toBe(422);
      expect(response.json().error).toEqual({
        code: 'validation_failed',
        message: expect.any(String),
        details: [
          {
            field,
            location: 'body',
            code: 'read_only_field',
            message: 'is read-only: it comes from the central catalog',
          },
        ],
      });
    }
    expect(await central(mug)).toEqual(centralBefore);
    expect(await localRow(mug)).toEqual(localBefore);
  });

  it('names every problem of a body at once: read-only, unknown and bad values', async () => {
    const response = await api.patch(alice, mug, {
      price: '1.00',
      stock: 1,
      colour: 'red',
      seo_title: 'x'.repeat(201),
    });
    expect(response.statusCode).toBe(422);
    const details = response.json().error.details;
    expect(details).toHaveLength(4);
    expect(details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'price', code: 'read_only_field' }),
        expect.objectContaining({ field: 'stock', code: 'read_only_field' }),
        expect.objectContaining({ field: 'colour', code: 'unknown_field', location: 'body' }),
        expect.objectContaining({ field: 'seo_title', code: 'invalid_value' }),
      ]),
    );
  });

  it.each([
    ['colour', 'unknown_field', { colour: 'red' }],
    ['body', 'invalid_value', {}],
    ['local_description', 'invalid_value', { local_description: 'x'.repeat(5001) }],
    ['seo_description', 'invalid_value', { seo_description: 'x'.repeat(501) }],
    ['seo_title', 'invalid_type', { seo_title: 42 }],
    ['visibility', 'invalid_type', { visibility: 'yes' }],
    ['position', 'invalid_type', { position: 1.5 }],
    ['position', 'invalid_value', { position: 2 ** 31 }],
    ['seo_title', 'invalid_characters', { seo_title: 'a\u0000b' }],
  ])('refuses a bad body (422 naming %s: %s)', async (field, code, body) => {
    const response = await api.patch(alice, mug, body);
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('validation_failed');
    expect(response.json().error.details).toContainEqual(expect.objectContaining({ field, code }));
  });

  it("answers 404 for another trader's product and leaves it alone", async () => {
    const before = await localRow(mug);
    const response = await api.patch(bob, mug, { visibility: false });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
    expect(await localRow(mug)).toEqual(before);
    expect(await auditRows(ctx.databases.app.db, bob.id, 'product_updated')).toEqual([]);
  });
});
