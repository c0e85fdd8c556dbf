import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ActiveTrader, activeTrader, insertProducts } from '#test/admin.ts';
import { testConfig, useTestApp } from '#test/app.ts';
import { type AdminClient, createAdminClient } from './client.ts';
import { UpstreamRejected } from './failures.ts';
import type { AdminProduct } from './schemas.ts';

// The real Admin service over real HTTP; fetch is wrapped only to count what goes over the wire.
const ctx = useTestApp('admin');
const paths: string[] = [];
let client: AdminClient;
let trader: ActiveTrader;

const address = {
  name: 'Ann',
  line1: '1 Main St',
  city: 'Springfield',
  postal_code: '1',
  country: 'DE',
};

beforeAll(async () => {
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = ctx.app.server.address() as AddressInfo;
  client = createAdminClient(testConfig(), {
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    fetch: (input, init) => {
      paths.push(`${init?.method} ${new URL(String(input)).pathname}`);
      return fetch(input, init);
    },
  });
  trader = await activeTrader(ctx.app, ctx.databases);
});

describe('admin client against the real Admin', () => {
  it('files an application idempotently and reads its status', async () => {
    const ref = randomUUID();
    const application = {
      email: `${ref}@example.com`,
      business_name: 'Corner Shop',
      external_ref: ref,
    };
    const filed = await client.fileApplication(application);
    expect(filed.status).toBe('PENDING');
    expect(await client.fileApplication(application)).toEqual(filed);
    const status = await client.getTraderStatus(filed.id);
    expect(status).toMatchObject({ id: filed.id, status: 'PENDING', rejection_reason: null });
    expect(status.api_key).toBeUndefined();
  });

  it('gives an approved trader its API key', async () => {
    const status = await client.getTraderStatus(trader.id);
    expect(status.status).toBe('ACTIVE');
  });

  it('pages through products and reads categories and stock', async () => {
    const ids = await insertProducts(ctx.databases.admin.db, [
      { stock: 1 },
      { stock: 2 },
      { stock: 3 },
      { stock: 4, status: 'withdrawn' },
      { stock: 5 },
    ]);
    const seen: AdminProduct[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await client.listProducts(trader.apiKey, { limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.next_cursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(seen.map((product) => product.id)).toEqual(expect.arrayContaining(ids));
    expect((await client.listCategories(trader.apiKey)).next_cursor).toBeNull();
    const stock = await client.getStock(trader.apiKey, [ids[0] as number, ids[3] as number]);
    expect(stock).toEqual(
      expect.arrayContaining([
        { product_id: ids[0], stock: 1, status: 'active' },
        { product_id: ids[3], stock: 4, status: 'withdrawn' },
      ]),
    );
    expect(await client.getStock(trader.apiKey, [])).toEqual([]);
  });

  it('places an order, replays it by key and answers short stock as a value', async () => {
    const [id] = await insertProducts(ctx.databases.admin.db, [{ stock: 3, price: '5.00' }]);
    const body = {
      customer_ref: 'c-1',
      items: [{ product_id: id as number, quantity: 2 }],
      shipping_address: address,
    };
    const key = randomUUID();
    const placed = await client.placeOrder(trader.apiKey, key, body);
    if (!placed.ok) throw new Error('expected an order');
    expect(placed).toMatchObject({ replayed: false, order: { total: '10.00', status: 'PENDING' } });
    const replay = await client.placeOrder(trader.apiKey, key, body);
    expect(replay).toEqual({ ...placed, replayed: true });

    const short = await client.placeOrder(trader.apiKey, randomUUID(), body);
    expect(short).toEqual({
      ok: false,
      reason: 'insufficient_stock',
      details: [{ product_id: id, requested: 2, available: 1 }],
    });

    expect(await client.getOrder(trader.apiKey, placed.order.id)).toEqual(placed.order);
    const orders = await client.listOrders(trader.apiKey, {
      updated_since: '2000-01-01T00:00:00Z',
    });
    expect(orders.items.map((order) => order.id)).toContain(placed.order.id);
  });

  it('reports a refused API key as a 502 naming the code, never the key', async () => {
    const error = await client.listCategories('not-a-real-key').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamRejected);
    expect(error).toMatchObject({
      status: 502,
      upstreamStatus: 401,
      upstreamCode: 'invalid_api_key',
    });
    expect(String((error as Error).message)).not.toContain('not-a-real-key');
  });

  it('maps a 404 to UpstreamRejected so callers can tell it apart', async () => {
    const error = await client.getOrder(trader.apiKey, 999_999_999).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, upstreamStatus: 404 });
  });

  it('fetched the service token once for all of these calls', () => {
    expect(paths.filter((path) => path.endsWith('/auth/token'))).toHaveLength(1);
    expect(paths.length).toBeGreaterThan(10);
  });
});
