/**
 * `npm run bench:sync`: a trader's product sync and catalog list on PostgreSQL, with the Admin API and
 * the CMS each in a process of its own, over real HTTP. For 10,000 and 100,000 products: a full first
 * sync, a no-change re-sync (incremental, then full), then the list's first page and a page 1,000 deep.
 * BENCH_DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/postgres); the
 * bench creates and drops its own database there.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { sql } from 'drizzle-orm';
import { sealer } from '#shared/auth/encryption.ts';
import { openDatabase } from '#shared/db/client.ts';
import { migrateSets } from '#shared/db/migrate-all.ts';
import { testConfig } from '#test/app.ts';
import { singleDatabase } from '#test/database.ts';
// @ts-expect-error: a plain .mjs script without types
import { bundle } from '../scripts/bundle.mjs';
import { percentile, recreateDatabase } from './common.ts';

const LIST_SAMPLES = 30;

async function main() {
  const url = await recreateDatabase('broker_bench_sync');
  const database = await openDatabase({ url, maxConnections: 10 });
  await migrateSets(singleDatabase(database));
  const db = database.db;
  await db.execute(sql`
    insert into admin.categories (slug, name, position)
    select 'category-' || g, 'Category ' || g, g from generate_series(1, 12) g`);

  const admin = await startService('admin', [url]);
  const adminUrl = `http://127.0.0.1:${admin.answer.port}/api/v1`;
  const cms = await startService('cms', [url, adminUrl]);
  const base = `http://127.0.0.1:${cms.answer.port}/api/v1`;
  const config = testConfig({ LOG_LEVEL: 'silent' });

  const post = async (path: string, body?: unknown, token?: string) => {
    const response = await fetch(base + path, {
      method: 'POST',
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${path}: ${response.status} ${text}`);
    return JSON.parse(text);
  };
  const credentials = { email: 'bench@example.com', password: 'a-long-bench-passphrase' };
  const registered = await post('/auth/register', { ...credentials, business_name: 'Bench Shop' });
  await db.execute(sql`
    update traders set status = 'ACTIVE', admin_trader_id = ${admin.answer.adminTraderId as string},
                       api_key_encrypted = ${sealer(config).seal(admin.answer.apiKey as string)}
    where id = ${registered.id}`);
  const { access_token: token } = await post('/auth/login', credentials);

  console.log(
    'bench:sync — PostgreSQL; Admin API and CMS each in a process of its own; real HTTP; pages of 1,000',
  );
  for (const [label, upTo] of [
    ['10k', 10_000],
    ['100k', 100_000],
  ] as const) {
    await seedAdmin(db, upTo);
    // A true first sync: the CMS starts from an empty catalog.
    await db.execute(
      sql`truncate trader_product_images, trader_products, products, categories, sync_runs`,
    );
    for (const [step, query] of [
      ['first sync (full)', ''],
      ['re-sync, no change', ''],
      ['re-sync, no change, full', '?full=true'],
    ] as const) {
      const start = performance.now();
      const run = await post(`/sync/products${query}`, undefined, token);
      const ms = performance.now() - start;
      console.log(
        `${label.padStart(5)} ${step.padEnd(26)} ${(ms / 1000).toFixed(2).padStart(6)} s   processed ${String(run.processed).padStart(6)}  created ${run.created}  updated ${run.updated}  unchanged ${run.unchanged}   CMS peak RSS ${(await cms.peakRss()).toFixed(0)} MB`,
      );
    }
    await benchList(base, token, label);
  }
  console.log(
    `peak RSS: CMS ${(await cms.peakRss()).toFixed(0)} MB, Admin ${(await admin.peakRss()).toFixed(0)} MB`,
  );
  await Promise.all([cms.stop(), admin.stop()]);
  await database.close();
}

const servicesBundle: Promise<URL> = bundle(
  new URL('./sync-services.ts', import.meta.url),
  new URL('../dist/bench/sync-services.mjs', import.meta.url),
);

interface Started {
  port: number;
  apiKey?: string;
  adminTraderId?: string;
}

/**
 * One service in a child process, run from an esbuild bundle as `npm start` runs the services, so its
 * memory is what a deployment would see (a TypeScript loader alone adds tens of megabytes).
 */
async function startService(service: 'admin' | 'cms', args: string[]) {
  const child: ChildProcess = fork(await servicesBundle, [service, ...args]);
  const [answer] = (await once(child, 'message')) as [Started];
  return {
    answer,
    async peakRss(): Promise<number> {
      child.send('rss');
      const [reply] = (await once(child, 'message')) as [{ maxRssMb: number }];
      return reply.maxRssMb;
    },
    async stop() {
      child.send('stop');
      await once(child, 'exit');
    },
  };
}

/**
 * Fills the Admin's catalog up to `upTo` products, in one statement. Their last changes are spread
 * over the past weeks, as in a catalog that lives: a re-sync re-reads only the last few seconds of
 * changes (the overlap that keeps a late commit from being missed), not a bulk load of a moment ago.
 */
async function seedAdmin(db: Awaited<ReturnType<typeof openDatabase>>['db'], upTo: number) {
  await db.execute(sql`
    with cats as (select array_agg(id order by id) as ids from admin.categories)
    insert into admin.products (sku, name, description, price, currency, stock, category_id,
                                attributes, image_urls, status, created_at, updated_at)
    select 'BENCH-' || g, 'Bench product ' || g,
           'A solid, durable product, well made and fairly priced. Item number ' || g || '.',
           ((g % 9000) + 100) / 100.0, 'EUR', g % 50, cats.ids[1 + g % 12],
           jsonb_build_object('colour', (array['red', 'green', 'blue'])[1 + g % 3], 'size', g % 5),
           jsonb_build_array('http://127.0.0.1:8080/media/products/BENCH-' || g || '.svg'), 'active',
           now() - interval '60 days', now() - (${upTo} - g + 60) * interval '10 seconds'
    from cats, generate_series(coalesce((select count(*) from admin.products), 0) + 1, ${upTo}) g`);
}

/** The list's first page, and a page 1,000 deep reached by following cursors. */
async function benchList(base: string, token: string, label: string) {
  const get = async (query: string) => {
    const start = performance.now();
    const response = await fetch(`${base}/trader/products${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await response.json();
    if (!response.ok) throw new Error(`list: ${response.status} ${JSON.stringify(body)}`);
    return { ms: performance.now() - start, body };
  };
  const time = async (query: string) => {
    const samples: number[] = [];
    for (let i = 0; i < LIST_SAMPLES; i++) samples.push((await get(query)).ms);
    samples.sort((a, b) => a - b);
    return `median ${percentile(samples, 50).toFixed(1)} ms, p95 ${percentile(samples, 95).toFixed(1)} ms`;
  };
  console.log(`${label.padStart(5)} list, first page (20)          ${await time('?limit=20')}`);
  let cursor: string | null = null;
  for (let page = 1; page < 1000; page++) {
    const { body } = await get(`?limit=20${cursor ? `&cursor=${cursor}` : ''}`);
    cursor = body.next_cursor;
    if (!cursor) break;
  }
  if (cursor)
    console.log(
      `${label.padStart(5)} list, page 1,000 (20)          ${await time(`?limit=20&cursor=${cursor}`)}`,
    );
  else console.log(`${label.padStart(5)} list, page 1,000: fewer than 1,000 pages`);
  console.log(
    `${label.padStart(5)} list, sorted by name            ${await time('?limit=20&sort=name')}`,
  );
  console.log(
    `${label.padStart(5)} list, search q=product 4242     ${await time('?limit=20&q=product%204242')}`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
