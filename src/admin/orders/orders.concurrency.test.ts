/**
 * "Never oversells", shown with real parallel HTTP requests. On PostgreSQL the requests really race
 * (a pool of connections, row locks); PGlite serialises them, so there one round is enough.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '#shared/db/client.ts';
import { type ActiveTrader, activeTrader, insertProducts } from '#test/admin.ts';
import { useTestApp } from '#test/app.ts';
import { usingPostgres } from '#test/database.ts';

const ctx = useTestApp('admin');
let trader: ActiveTrader;
let baseUrl: string;

const address = { name: 'A', line1: '1 Main St', city: 'X', postal_code: '1', country: 'DE' };

beforeAll(async () => {
  trader = await activeTrader(ctx.app, ctx.databases);
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const address = ctx.app.server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  await ctx.app.close();
});

function post(key: string, body: unknown) {
  return fetch(`${baseUrl}/api/v1/orders`, {
    method: 'POST',
    headers: { ...trader.headers, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
}

describe('orders under concurrency', () => {
  const rounds = usingPostgres ? 10 : 1;

  it(`never oversells: 200 parallel orders against stock 50, ${rounds} rounds`, async () => {
    for (let round = 0; round < rounds; round += 1) {
      const [productId] = await insertProducts(ctx.databases.admin.db, [{ stock: 50 }]);
      const body = {
        customer_ref: 'c',
        items: [{ product_id: productId, quantity: 1 }],
        shipping_address: address,
      };
      const responses = await Promise.all(
        Array.from({ length: 200 }, (_, i) => post(`oversell-${round}-${i}`, body)),
      );
      const statuses = responses.map((r) => r.status);
      const count = (status: number) => statuses.filter((s) => s === status).length;
      expect({
        round,
        created: count(201),
        short: count(409),
        other: statuses.length - count(201) - count(409),
      }).toEqual({ round, created: 50, short: 150, other: 0 });

      const [row] = await queryRows<{ stock: number; ordered: number }>(
        ctx.databases.admin.db,
        sql`select p.stock, (select coalesce(sum(quantity), 0)::int from admin.order_items where product_id = p.id) as ordered
            from admin.products p where p.id = ${productId}`,
      );
      expect(row).toEqual({ stock: 0, ordered: 50 });
      const short = (
        await Promise.all(
          responses
            .filter((r) => r.status === 409)
            .slice(0, 1)
            .map((r) => r.json()),
        )
      )[0];
      expect(short.error.details[0]).toMatchObject({
        product_id: productId,
        requested: 1,
        available: 0,
      });
    }
  }, 120_000);

  it('creates one order for 50 parallel requests with one key, and answers them all alike', async () => {
    const [productId] = await insertProducts(ctx.databases.admin.db, [{ stock: 100 }]);
    const body = {
      customer_ref: 'c',
      items: [{ product_id: productId, quantity: 2 }],
      shipping_address: address,
    };
    const responses = await Promise.all(Array.from({ length: 50 }, () => post('one-key', body)));
    expect(new Set(responses.map((r) => r.status))).toEqual(new Set([201]));
    const bodies = await Promise.all(responses.map((r) => r.text()));
    expect(new Set(bodies).size).toBe(1);
    const [row] = await queryRows<{ orders: number; stock: number }>(
      ctx.databases.admin.db,
      sql`select (select count(*)::int from admin.order_items where product_id = ${productId}) as orders,
                 (select stock from admin.products where id = ${productId}) as stock`,
    );
    expect(row).toEqual({ orders: 1, stock: 98 });
  }, 60_000);
});
