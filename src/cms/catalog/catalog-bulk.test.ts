import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '#shared/db/client.ts';
import { useTestApp } from '#test/app.ts';
import { seedCatalog } from '#test/catalog.ts';
import { type CmsTrader, cmsTrader } from '#test/cms.ts';
import { auditRows, catalogApi, catalogOrder } from './catalog.test-helpers.ts';

const ctx = useTestApp('cms');
const api = catalogApi(ctx);
let alice: CmsTrader;
let bob: CmsTrader;
let products: number[];
let bobs: number[];

beforeAll(async () => {
  alice = await cmsTrader(ctx.app, ctx.databases);
  bob = await cmsTrader(ctx.app, ctx.databases);
  products = await seedCatalog(
    ctx.databases.app.db,
    alice.id,
    Array.from({ length: 10 }, () => ({})),
  );
  bobs = await seedCatalog(ctx.databases.app.db, bob.id, [{}, {}]);
});

const at = (...indexes: number[]) => indexes.map((index) => products[index] as number);
const visible = async (traderId: string) => {
  const rows = await queryRows<{ product_id: string }>(
    ctx.databases.app.db,
    sql`select product_id from trader_products where trader_id = ${traderId} and visibility
        order by product_id`,
  );
  return rows.map((row) => Number(row.product_id));
};

describe('showing and hiding many products', () => {
  it('sets visibility, counting and auditing only the products that changed', async () => {
    const first = await api.bulk(alice, { product_ids: at(0, 1, 2), visibility: true });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ updated: 3 });
    const second = await api.bulk(alice, { product_ids: at(2, 3), visibility: true });
    expect(second.json()).toEqual({ updated: 1 });
    expect(await visible(alice.id)).toEqual(at(0, 1, 2, 3));
    const again = await api.bulk(alice, { product_ids: at(3), visibility: true });
    expect(again.json()).toEqual({ updated: 0 });
    const hidden = await api.bulk(alice, { product_ids: at(1, 0), visibility: false });
    expect(hidden.json()).toEqual({ updated: 2 });
    expect(await visible(alice.id)).toEqual(at(2, 3));

    const audit = await auditRows(ctx.databases.app.db, alice.id, 'products_visibility_changed');
    expect(audit.map((row) => row.changes)).toEqual([
      { product_ids: at(0, 1, 2), before: { visibility: false }, after: { visibility: true } },
      { product_ids: at(3), before: { visibility: false }, after: { visibility: true } },
      { product_ids: at(0, 1), before: { visibility: true }, after: { visibility: false } },
    ]);
    expect(audit[0]?.entity_type).toBe('product');
  });

  it("changes nothing when one id is another trader's or unknown (404)", async () => {
    const before = await visible(alice.id);
    for (const ids of [
      [...at(4, 5), bobs[0]],
      [...at(4), 987_654_321],
    ]) {
      const response = await api.bulk(alice, { product_ids: ids, visibility: true });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('not_found');
    }
    expect(await visible(alice.id)).toEqual(before);
    const bobTries = await api.bulk(bob, { product_ids: at(4), visibility: true });
    expect(bobTries.statusCode).toBe(404);
    expect(await visible(alice.id)).toEqual(before);
    expect(await visible(bob.id)).toEqual([]);
  });

  it('refuses repeated ids, naming each repeat, and malformed bodies', async () => {
    const response = await api.bulk(alice, {
      product_ids: at(4, 5, 4, 6, 5, 4),
      visibility: true,
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.details).toEqual([
      expect.objectContaining({ field: 'product_ids.2', location: 'body', code: 'duplicate_item' }),
      expect.objectContaining({ field: 'product_ids.4', code: 'duplicate_item' }),
      expect.objectContaining({ field: 'product_ids.5', code: 'duplicate_item' }),
    ]);
    for (const body of [
      { product_ids: [], visibility: true },
      { product_ids: Array.from({ length: 501 }, (_, n) => n + 1), visibility: true },
      { product_ids: ['1'], visibility: true },
      { product_ids: at(4) },
      { product_ids: at(4), visibility: true, position: 1 },
    ]) {
      expect((await api.bulk(alice, body)).statusCode).toBe(422);
    }
    expect(await visible(alice.id)).not.toContain(products[4]);
  });
});

describe('reordering the catalog', () => {
  it('puts the given products first, in order, and the rest keep their order', async () => {
    const response = await api.reorder(alice, { product_ids: at(7, 2, 9) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ reordered: 3 });
    expect(await catalogOrder(ctx.databases.app.db, alice.id)).toEqual(
      at(7, 2, 9, 0, 1, 3, 4, 5, 6, 8),
    );
    // Again, with one product already at the front: only the k named rows move.
    await api.reorder(alice, { product_ids: at(5, 7) });
    const order = at(5, 7, 2, 9, 0, 1, 3, 4, 6, 8);
    expect(await catalogOrder(ctx.databases.app.db, alice.id)).toEqual(order);
    const listed = await api.list(alice, '?limit=100');
    expect(listed.json().items.map((item: { id: number }) => item.id)).toEqual(order);
    expect(listed.json().items[0].position).toBeLessThan(0);

    const audit = await auditRows(ctx.databases.app.db, alice.id, 'products_reordered');
    expect(audit.map((row) => row.changes)).toEqual([
      { product_ids: at(7, 2, 9) },
      { product_ids: at(5, 7) },
    ]);
  });

  it('renumbers the catalog when the front would pass the lowest position', async () => {
    const before = await catalogOrder(ctx.databases.app.db, alice.id);
    const last = before.at(-1) as number;
    await api.patch(alice, before[0] as number, { position: -2_147_483_647 });
    const response = await api.reorder(alice, { product_ids: [last, before[1] as number] });
    expect(response.statusCode).toBe(200);
    expect(await catalogOrder(ctx.databases.app.db, alice.id)).toEqual([
      last,
      before[1],
      before[0],
      ...before.slice(2, -1),
    ]);
  });

  it('renumbers without deadlocking against bulk changes of the same products', async () => {
    // On PostgreSQL the requests run at once: the bulk changes lock low ids first and then wait for
    // one of the reorder's rows, while the renumbering wants every row of the catalog.
    const carol = await cmsTrader(ctx.app, ctx.databases);
    const ids = await seedCatalog(
      ctx.databases.app.db,
      carol.id,
      Array.from({ length: 300 }, () => ({})),
    );
    const moved = ids.slice(280, 290);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await api.patch(carol, ids[0] as number, { position: -2_147_483_648 });
      const responses = await Promise.all([
        api.reorder(carol, { product_ids: moved }),
        api.bulk(carol, {
          product_ids: [...ids.slice(1, 250), moved[5] as number],
          visibility: attempt % 2 === 0,
        }),
        api.bulk(carol, {
          product_ids: [...ids.slice(50, 150), moved[9] as number],
          visibility: attempt % 2 === 1,
        }),
      ]);
      expect(responses.map((response) => response.statusCode)).toEqual([200, 200, 200]);
      expect((await catalogOrder(ctx.databases.app.db, carol.id)).slice(0, 11)).toEqual([
        ...moved,
        ids[0],
      ]);
    }
  });

  it("changes nothing when one id is another trader's (404), and refuses repeats", async () => {
    const before = await catalogOrder(ctx.databases.app.db, alice.id);
    const theirs = await api.reorder(alice, { product_ids: [...at(8), bobs[1]] });
    expect(theirs.statusCode).toBe(404);
    const bobTries = await api.reorder(bob, { product_ids: at(8) });
    expect(bobTries.statusCode).toBe(404);
    const repeated = await api.reorder(alice, { product_ids: at(8, 1, 8) });
    expect(repeated.statusCode).toBe(422);
    expect(repeated.json().error.details).toEqual([
      expect.objectContaining({ field: 'product_ids.2', code: 'duplicate_item' }),
    ]);
    expect(
      (await api.reorder(alice, { product_ids: Array.from({ length: 1001 }, (_, n) => n + 1) }))
        .statusCode,
    ).toBe(422);
    expect(await catalogOrder(ctx.databases.app.db, alice.id)).toEqual(before);
    expect(await catalogOrder(ctx.databases.app.db, bob.id)).toEqual(bobs);
    expect(await auditRows(ctx.databases.app.db, bob.id, 'products_reordered')).toEqual([]);
  });
});
