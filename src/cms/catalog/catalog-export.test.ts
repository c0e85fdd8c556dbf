import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '#test/app.ts';
import { seedCatalog } from '#test/catalog.ts';
import { type CmsTrader, cmsTrader } from '#test/cms.ts';
import { allIds, catalogApi } from './catalog.test-helpers.ts';

const ctx = useTestApp('cms');
const api = catalogApi(ctx);
let alice: CmsTrader;
let bob: CmsTrader;

// More than one export page (1,000 rows), with names a spreadsheet could trip on.
const COUNT = 1205;

beforeAll(async () => {
  alice = await cmsTrader(ctx.app, ctx.databases);
  bob = await cmsTrader(ctx.app, ctx.databases);
  await seedCatalog(ctx.databases.app.db, alice.id, [
    { name: 'Mug, large "XL"', price: '12.50', visibility: true },
    { name: '=HYPERLINK("http://evil")', price: '3.00' },
    ...Array.from({ length: COUNT - 2 }, (_, n) => ({
      price: `${(n % 97) + 1}.00`,
      visibility: n % 3 === 0,
    })),
  ]);
});

const exportCsv = (trader: CmsTrader, query = '') => api.call('GET', trader, `/export.csv${query}`);

/** The first column of each data line: the product id. */
const idsOf = (csv: string) =>
  csv
    .trimEnd()
    .split('\r\n')
    .slice(1)
    .map((line) => Number(line.split(',')[0]));

describe('exporting the catalog as CSV', () => {
  it('writes every product of the filtered list, in the list order, across pages', async () => {
    const response = await exportCsv(alice, '?sort=-price');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="catalog-/);
    const [header] = response.body.split('\r\n');
    expect(header).toBe(
      'id,sku,name,price,currency,stock,category,status,visibility,position,local_description,' +
        'seo_title,seo_description,local_images,updated_at',
    );
    const listed = await allIds((query) => api.list(alice, query), 'sort=-price&limit=100');
    expect(listed).toHaveLength(COUNT);
    expect(idsOf(response.body)).toEqual(listed);
  });

  it('quotes commas and quotes, and defuses cells a spreadsheet would run', async () => {
    const { body } = await exportCsv(alice);
    expect(body).toContain(',"Mug, large ""XL""",12.50,EUR,');
    expect(body).toContain(`,"'=HYPERLINK(""http://evil"")",3.00,`);
  });

  it('applies the filters', async () => {
    const visible = await exportCsv(alice, '?visibility=true');
    const listed = await allIds((query) => api.list(alice, query), 'visibility=true&limit=100');
    expect(idsOf(visible.body)).toEqual(listed);
    expect(listed.length).toBeLessThan(COUNT);
    const bad = await exportCsv(alice, '?sort=colour');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details[0].field).toBe('sort');
    expect((await exportCsv(alice, '?limit=5')).statusCode).toBe(422);
  });

  it("never shows another trader's products", async () => {
    const response = await exportCsv(bob);
    expect(response.statusCode).toBe(200);
    expect(idsOf(response.body)).toEqual([]);
  });
});
