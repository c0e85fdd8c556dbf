import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '#shared/db/client.ts';
import {
  adminProducts,
  catalogState,
  operate,
  type SyncTrader,
  sync,
  syncTrader,
  useSyncWorld,
} from './sync.test-helpers.ts';

const world = useSyncWorld();
let trader: SyncTrader;
let ids: number[];
let gone: number[];

beforeAll(async () => {
  await operate(world, 'POST', '/categories', { name: 'Kitchen', slug: 'kitchen', position: 1 });
  ids = await adminProducts(world, 5);
  gone = await adminProducts(world, 1, { status: 'withdrawn' });
  trader = await syncTrader(world);
});

const mine = (traderId: string) =>
  queryRows<{
    product_id: number;
    position: number;
    visibility: boolean;
    local_description: string | null;
  }>(
    world.databases.app.db,
    sql`select product_id::int as product_id, position, visibility, local_description
        from trader_products where trader_id = ${traderId} order by position, product_id`,
  );

describe('the first sync', () => {
  it('brings categories and products, new ones hidden in id order, withdrawn ones left out', async () => {
    const response = await sync(world.cms, trader);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      status: 'succeeded',
      full: true,
      created: 5,
      updated: 0,
      unchanged: 0,
      withdrawn: 0,
      processed: 6,
      total: 6,
      error: null,
    });
    expect(body.run_id).toBe(body.id);
    // The run's staging table went with it.
    const [staged] = await queryRows<{ count: number }>(
      world.databases.app.db,
      sql`select count(*)::int as count from pg_class where relname like 'sync\_stage\_%'`,
    );
    expect(staged?.count).toBe(0);
    expect(body.duration_ms).toBeGreaterThanOrEqual(0);

    const rows = await mine(trader.id);
    expect(rows.map((row) => row.product_id)).toEqual(ids);
    expect(rows.map((row) => row.position)).toEqual([1, 2, 3, 4, 5]);
    expect(rows.every((row) => row.visibility === false)).toBe(true);

    const state = await catalogState(world);
    expect(state.categories).toHaveLength(1);
    // The shared copy keeps the withdrawn product too, for anyone who had it.
    expect(state.products.map((p) => Number(p.id))).toEqual([...ids, ...gone]);
  });

  it('records the run and writes an audit row with the counts', async () => {
    const runs = await world.cms.inject({ url: '/api/v1/sync/runs', headers: trader.headers });
    expect(runs.json().items).toHaveLength(1);
    const [run] = runs.json().items;
    expect(run).toMatchObject({ status: 'succeeded', phase: 'done', created: 5, processed: 6 });
    const [audit] = await queryRows<{
      action: string;
      changes: { after: Record<string, unknown> };
    }>(
      world.databases.app.db,
      sql`select action, changes from audit_logs
          where trader_id = ${trader.id} and action = 'sync_run'`,
    );
    expect(audit?.changes.after).toMatchObject({ status: 'succeeded', created: 5, unchanged: 0 });
  });
});

describe('a re-sync', () => {
  it('with nothing changed upstream writes no row, incrementally or in full', async () => {
    const before = await catalogState(world);
    const again = await sync(world.cms, trader);
    expect(again.json()).toMatchObject({ full: false, created: 0, updated: 0, withdrawn: 0 });
    const full = await sync(world.cms, trader, '?full=true');
    expect(full.json()).toMatchObject({ full: true, created: 0, updated: 0, unchanged: 5 });
    expect(await catalogState(world)).toEqual(before);
  });

  it('takes central changes and keeps every local field', async () => {
    const [first, second] = ids as [number, number];
    await world.databases.app.db.execute(sql`
      update trader_products
      set local_description = 'Mine', visibility = true, position = 100,
          seo_title = 'Title', seo_description = 'Description'
      where trader_id = ${trader.id} and product_id = ${first}`);
    await operate(world, 'PATCH', `/products/${first}`, {
      price: '42.00',
      name: 'Renamed',
      description: 'New central text',
    });
    await operate(world, 'POST', `/products/${second}/withdraw`);

    const response = await sync(world.cms, trader);
    expect(response.json()).toMatchObject({ created: 0, updated: 1, withdrawn: 1 });

    const [central] = await queryRows<{ price: string; name: string; description: string }>(
      world.databases.app.db,
      sql`select price::text as price, name, description from products where id = ${first}`,
    );
    expect(central).toEqual({ price: '42.00', name: 'Renamed', description: 'New central text' });
    const [local] = await queryRows(
      world.databases.app.db,
      sql`select local_description, visibility, position, seo_title, seo_description
          from trader_products where trader_id = ${trader.id} and product_id = ${first}`,
    );
    expect(local).toEqual({
      local_description: 'Mine',
      visibility: true,
      position: 100,
      seo_title: 'Title',
      seo_description: 'Description',
    });
    // Withdrawn: marked, kept for order history.
    const [withdrawn] = await queryRows<{ status: string; seen_status: string }>(
      world.databases.app.db,
      sql`select p.status, tp.seen_status from trader_products tp join products p on p.id = tp.product_id
          where tp.trader_id = ${trader.id} and tp.product_id = ${second}`,
    );
    expect(withdrawn).toEqual({ status: 'withdrawn', seen_status: 'withdrawn' });
  });

  it("takes withdrawn products out of the trader's list, and shows them on request", async () => {
    const list = async (query = '') => {
      const response = await world.cms.inject({
        url: `/api/v1/trader/products?limit=100${query}`,
        headers: trader.headers,
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json().items.map((item: { id: number }) => item.id);
    };
    const withdrawn = ids[1] as number;
    expect(await list()).not.toContain(withdrawn);
    expect(await list('&status=withdrawn')).toEqual([withdrawn]);
    const merged = await world.cms.inject({
      url: `/api/v1/trader/products/${ids[0]}`,
      headers: trader.headers,
    });
    expect(merged.json()).toMatchObject({
      price: '42.00',
      name: 'Renamed',
      local_description: 'Mine',
      visibility: true,
    });
  });

  it('puts new products after the last position, hidden', async () => {
    const [added] = await adminProducts(world, 1);
    const response = await sync(world.cms, trader);
    expect(response.json()).toMatchObject({ created: 1, updated: 0 });
    const rows = await mine(trader.id);
    expect(rows.at(-1)).toMatchObject({ product_id: added, position: 101, visibility: false });
  });

  it('numbers the catalog again when new products would not fit after the last position', async () => {
    const [last] = (await mine(trader.id)).slice(-1);
    await world.databases.app.db.execute(sql`
      update trader_products set position = 2147483647
      where trader_id = ${trader.id} and product_id = ${last?.product_id}`);
    const before = (await mine(trader.id)).map((row) => row.product_id);
    const [added] = await adminProducts(world, 1);
    const response = await sync(world.cms, trader);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ created: 1 });
    const after = await mine(trader.id);
    expect(after.map((row) => row.product_id)).toEqual([...before, added]);
    expect(after.map((row) => row.position)).toEqual(after.map((_, index) => index + 1));
  });

  it('renumbers nothing when nothing new arrives, even with a product at the end of int4', async () => {
    const [last] = (await mine(trader.id)).slice(-1);
    await world.databases.app.db.execute(sql`
      update trader_products set position = 2147483646
      where trader_id = ${trader.id} and product_id = ${last?.product_id}`);
    const before = await catalogState(world);
    const response = await sync(world.cms, trader, '?full=true');
    expect(response.json()).toMatchObject({ created: 0, updated: 0, withdrawn: 0 });
    expect(await catalogState(world)).toEqual(before);
  });

  it('counts from each trader: products another trader synced first are new to this one', async () => {
    const other = await syncTrader(world);
    const before = await catalogState(world);
    const response = await sync(world.cms, other);
    // Six active products now: the first five, one withdrawn, two added.
    expect(response.json()).toMatchObject({ created: 6, updated: 0, withdrawn: 0 });
    const after = await catalogState(world);
    expect(after.products).toEqual(before.products);
    expect(await mine(other.id)).toHaveLength(6);
  });
});

describe('one sync at a time', () => {
  it('answers 409 to a sync started while one is running', async () => {
    const busy = await syncTrader(world);
    await world.databases.app.db.execute(
      sql`insert into sync_runs (trader_id, "full") values (${busy.id}, true)`,
    );
    const response = await sync(world.cms, busy);
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('sync_running');
  });

  it('releases a run whose process went away', async () => {
    const stuck = await syncTrader(world);
    await world.databases.app.db.execute(sql`
      insert into sync_runs (trader_id, "full", heartbeat_at)
      values (${stuck.id}, true, now() - interval '1 hour')`);
    const response = await sync(world.cms, stuck);
    expect(response.statusCode, response.body).toBe(200);
    const runs = (
      await world.cms.inject({ url: '/api/v1/sync/runs', headers: stuck.headers })
    ).json();
    expect(
      runs.items.map((run: { status: string; error: { code: string } | null }) => [
        run.status,
        run.error?.code ?? null,
      ]),
    ).toEqual([
      ['succeeded', null],
      ['failed', 'abandoned'],
    ]);
    // One audit row per run, the lost one too.
    const audits = await queryRows<{ entity_id: string; changes: { after: object } }>(
      world.databases.app.db,
      sql`select entity_id::text as entity_id, changes from audit_logs
          where trader_id = ${stuck.id} and action = 'sync_run'`,
    );
    expect(audits.map((audit) => audit.entity_id).sort()).toEqual(
      runs.items.map((run: { id: string }) => run.id).sort(),
    );
    expect(audits.map((audit) => audit.changes.after)).toContainEqual({
      status: 'failed',
      full: true,
      error_code: 'abandoned',
    });
  });
});

describe('who may sync', () => {
  it('refuses PENDING traders and traders without an API key yet', async () => {
    const pending = await syncTrader(world);
    await world.databases.app.db.execute(
      sql`update traders set status = 'PENDING' where id = ${pending.id}`,
    );
    expect((await sync(world.cms, pending)).statusCode).toBe(403);

    const keyless = await syncTrader(world);
    await world.databases.app.db.execute(
      sql`update traders set api_key_encrypted = null where id = ${keyless.id}`,
    );
    const response = await sync(world.cms, keyless);
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe('api_key_pending');
    expect(response.headers['retry-after']).toBe('5');
  });

  it("shows a trader only its own runs: another trader's run id answers 404", async () => {
    const runs = (
      await world.cms.inject({ url: '/api/v1/sync/runs', headers: trader.headers })
    ).json();
    const intruder = await syncTrader(world);
    const response = await world.cms.inject({
      url: `/api/v1/sync/runs/${runs.items[0].id}`,
      headers: intruder.headers,
    });
    expect(response.statusCode).toBe(404);
    const own = await world.cms.inject({ url: '/api/v1/sync/runs', headers: intruder.headers });
    expect(own.json().items).toEqual([]);
  });

  it('validates the query and the run id', async () => {
    const bad = await world.cms.inject({
      method: 'POST',
      url: '/api/v1/sync/products?full=maybe',
      headers: trader.headers,
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details[0].field).toBe('full');
    for (const id of ['42', 'urn:uuid:0b7e1f7c-3d4e-4f5a-8b6c-7d8e9f0a1b2c']) {
      const notUuid = await world.cms.inject({
        url: `/api/v1/sync/runs/${id}`,
        headers: trader.headers,
      });
      expect(notUuid.statusCode, id).toBe(422);
    }
  });

  it('pages through runs with a cursor', async () => {
    const first = await world.cms.inject({
      url: '/api/v1/sync/runs?limit=2',
      headers: trader.headers,
    });
    const page = first.json();
    expect(page.items).toHaveLength(2);
    const next = await world.cms.inject({
      url: `/api/v1/sync/runs?limit=2&cursor=${page.next_cursor}`,
      headers: trader.headers,
    });
    const ids1 = page.items.map((run: { id: string }) => run.id);
    const ids2 = next.json().items.map((run: { id: string }) => run.id);
    expect(ids2.length).toBeGreaterThan(0);
    expect(ids1.filter((id: string) => ids2.includes(id))).toEqual([]);
  });
});

describe('the watermark', () => {
  it('misses no change after one stamped ahead of time (the Admin clock set back)', async () => {
    const late = await syncTrader(world);
    expect((await sync(world.cms, late)).statusCode).toBe(200);
    const [ahead] = await adminProducts(world, 1);
    await world.databases.admin.db.execute(sql`
      update admin.products set updated_at = now() + interval '1 hour' where id = ${ahead}`);
    expect((await sync(world.cms, late)).json()).toMatchObject({ created: 1 });

    const changed = ids[2] as number;
    await operate(world, 'PATCH', `/products/${changed}`, { price: '7.77' });
    const response = await sync(world.cms, late);
    expect(response.json()).toMatchObject({ full: false, updated: 1 });
    const [central] = await queryRows<{ price: string }>(
      world.databases.app.db,
      sql`select price::text as price from products where id = ${changed}`,
    );
    expect(central?.price).toBe('7.77');
  });
});
