import { sql } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '#shared/db/client.ts';
import {
  adminProducts,
  catalogState,
  type Fault,
  injectFault,
  operate,
  type SyncTrader,
  sync,
  syncTrader,
  useSyncWorld,
} from './sync.test-helpers.ts';

const world = useSyncWorld();
let trader: SyncTrader;

beforeAll(async () => {
  await operate(world, 'POST', '/categories', { name: 'Garden', slug: 'garden' });
  // Four pages of 100: a fault on page 3 comes after two good pages.
  await adminProducts(world, 350);
  trader = await syncTrader(world);
});

beforeEach(() => injectFault(world, () => undefined));

/** Staging tables left behind (a server session drops its own as it ends, a moment later). */
async function stagingTables(): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const [{ count } = { count: -1 }] = await queryRows<{ count: number }>(
      world.databases.app.db,
      sql`select count(*)::int as count from pg_class where relname like 'sync\_stage\_%'`,
    );
    if (count === 0 || attempt === 20) return count;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const lastRun = async (traderId: string) => {
  const [run] = await queryRows<{
    status: string;
    error_code: string | null;
    error: string | null;
  }>(
    world.databases.app.db,
    sql`select status, error_code, error from sync_runs where trader_id = ${traderId}
        order by started_at desc limit 1`,
  );
  return run;
};

describe('a sync interrupted by the Admin on page 3', () => {
  it.each<[Fault, number, RegExp]>([
    ['error_500', 502, /failed \(500\)/],
    ['hang', 504, /did not answer within/],
    ['malformed_json', 502, /malformed JSON/],
    ['invalid_record', 502, /invalid product .*http\(s\) URL/],
  ])('%s answers %i and changes nothing', async (fault, status, message) => {
    const before = await catalogState(world);
    injectFault(world, (_path, page) => (page === 3 ? fault : undefined));

    const response = await sync(world.proxied, trader);

    expect(response.statusCode, response.body).toBe(status);
    expect(response.json().error.message).toMatch(message);
    expect(world.fault.productPages).toBe(3);
    expect(await catalogState(world)).toEqual(before);
    expect(await lastRun(trader.id)).toMatchObject({ status: 'failed' });
    expect(await stagingTables()).toBe(0);
  });

  it('leaves the first sync to do once the Admin is well again, and records the failures', async () => {
    const response = await sync(world.proxied, trader);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ full: true, created: 350 });
    const runs = (
      await world.cms.inject({ url: '/api/v1/sync/runs', headers: trader.headers })
    ).json();
    expect(runs.items.map((run: { status: string }) => run.status)).toEqual([
      'succeeded',
      'failed',
      'failed',
      'failed',
      'failed',
    ]);
    expect(runs.items[1].error).toMatchObject({ code: 'upstream_error' });
  });
});

describe('a category page with bad data', () => {
  it('answers 502 naming the category, changes nothing and records the failure', async () => {
    const careful = await syncTrader(world);
    const before = await catalogState(world);
    injectFault(world, (path) =>
      path.startsWith('/api/v1/categories') ? 'invalid_category' : undefined,
    );

    const response = await sync(world.proxied, careful);

    expect(response.statusCode, response.body).toBe(502);
    expect(response.json().error.message).toMatch(/invalid category .*updated_at/);
    expect(await catalogState(world)).toEqual(before);
    expect(await lastRun(careful.id)).toMatchObject({
      status: 'failed',
      error_code: 'upstream_error',
    });
  });
});

describe('a running sync', () => {
  it('answers 202 at once with Prefer: respond-async, and the run shows its progress', async () => {
    const patient = await syncTrader(world);
    injectFault(world, (path) => (path.includes('/products') ? 'delay' : undefined));
    const started = await world.proxied.inject({
      method: 'POST',
      url: '/api/v1/sync/products',
      headers: { ...patient.headers, prefer: 'respond-async' },
    });
    expect(started.statusCode, started.body).toBe(202);
    expect(started.headers['preference-applied']).toBe('respond-async');
    const { run_id: runId } = started.json();
    expect(started.json()).toMatchObject({ status: 'running', phase: 'fetching', processed: 0 });
    expect(started.headers.location).toBe(`/api/v1/sync/runs/${runId}`);

    const seen: { status: string; phase: string; processed: number; total: number | null }[] = [];
    for (let attempt = 0; attempt < 200; attempt++) {
      const run = await world.cms.inject({
        url: started.headers.location as string,
        headers: patient.headers,
      });
      seen.push(run.json());
      if (run.json().status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(seen.at(-1)).toMatchObject({ status: 'succeeded', processed: 350, created: 350 });
    const midway = seen.filter((run) => run.status === 'running' && run.total === 350);
    expect(midway.length).toBeGreaterThan(0);
    // Within a phase, progress only moves forward.
    for (const phase of ['fetching', 'applying']) {
      const processed = seen.filter((run) => run.phase === phase).map((run) => run.processed);
      expect(processed).toEqual([...processed].sort((a, b) => a - b));
    }
  });

  it('shows its progress, and a second sync meanwhile answers 409', async () => {
    const slow = await syncTrader(world);
    injectFault(world, (path) => (path.includes('/products') ? 'delay' : undefined));
    const running = sync(world.proxied, slow);

    let progress: { status: string; processed: number; total: number | null } | undefined;
    for (let attempt = 0; attempt < 50 && !progress?.total; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const runs = await world.cms.inject({ url: '/api/v1/sync/runs', headers: slow.headers });
      progress = runs.json().items[0];
    }
    expect(progress).toMatchObject({ status: 'running', total: 350 });
    expect(progress?.processed).toBeGreaterThan(0);

    const second = await sync(world.proxied, slow);
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('sync_running');

    expect((await running).json()).toMatchObject({ status: 'succeeded', created: 350 });
  });

  it('lets only one of two simultaneous syncs run', async () => {
    const twice = await syncTrader(world);
    injectFault(world, (path) => (path.includes('/products') ? 'delay' : undefined));
    const answers = await Promise.all([sync(world.proxied, twice), sync(world.proxied, twice)]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 409]);
    const [{ count } = { count: -1 }] = await queryRows<{ count: number }>(
      world.databases.app.db,
      sql`select count(*)::int as count from trader_products where trader_id = ${twice.id}`,
    );
    expect(count).toBe(350);
  });

  it('lets two traders sync the same products at once, each counting its own', async () => {
    const [first, second] = await Promise.all([syncTrader(world), syncTrader(world)]);
    await adminProducts(world, 120);
    const answers = await Promise.all([
      sync(world.proxied, first as SyncTrader, '?full=true'),
      sync(world.proxied, second as SyncTrader, '?full=true'),
    ]);
    for (const answer of answers) {
      expect(answer.statusCode, answer.body).toBe(200);
      expect(answer.json()).toMatchObject({ created: 470, withdrawn: 0 });
    }
  });

  it('runs beside bulk changes of the same products, every request answering 200', async () => {
    const busy = await syncTrader(world);
    await sync(world.cms, busy);
    const ids = (
      await queryRows<{ id: number }>(
        world.databases.app.db,
        sql`select product_id::int as id from trader_products where trader_id = ${busy.id}
            order by product_id`,
      )
    ).map((row) => row.id);
    for (let round = 0; round < 3; round++) {
      // Every product changes upstream, so the next sync rewrites every row of this trader.
      await world.databases.admin.db.execute(sql`
        update admin.products
        set stock = stock + 1, updated_at = greatest(clock_timestamp(), updated_at + interval '1 millisecond')`);
      const bulk = (visibility: boolean, slice: number[]) =>
        world.cms.inject({
          method: 'POST',
          url: '/api/v1/trader/products/bulk',
          headers: busy.headers,
          payload: { product_ids: slice, visibility },
        });
      const answers = await Promise.all([
        sync(world.cms, busy),
        bulk(true, ids.slice(-400)),
        bulk(false, ids.slice(0, 400).reverse()),
      ]);
      expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200]);
      expect(answers[0]?.json().updated).toBe(ids.length);
    }
  });
});
