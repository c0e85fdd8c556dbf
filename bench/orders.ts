/**
 * `npm run bench:orders`: orders per second and latency of POST /api/v1/orders on PostgreSQL, with 50
 * concurrent clients over real HTTP, for orders spread over 100 products and for one hot product.
 * BENCH_DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/postgres); the
 * bench creates and drops its own database there.
 */

import { Worker } from 'node:worker_threads';
import { buildApp } from '#admin/app.ts';
import { openDatabase } from '#shared/db/client.ts';
import { migrateSets } from '#shared/db/migrate-all.ts';
import { activeTrader, insertProducts } from '#test/admin.ts';
import { testConfig } from '#test/app.ts';
import { singleDatabase } from '#test/database.ts';
import { percentile, recreateDatabase } from './common.ts';

const CLIENTS = 50;
const ORDERS_PER_CASE = Number(process.env.BENCH_ORDERS ?? 5000);
const WARMUP = 500;
interface LoadResult {
  seconds: number;
  latencies: number[];
  statuses: Record<string, number>;
}

function runLoad(job: Record<string, unknown>): Promise<LoadResult> {
  const worker = new Worker(new URL('./orders-load.mjs', import.meta.url), { workerData: job });
  return new Promise((resolve, reject) => {
    worker.once('message', (result: LoadResult) => {
      void worker.terminate();
      resolve(result);
    });
    worker.once('error', reject);
  });
}

async function main() {
  const url = await recreateDatabase('broker_bench');
  const config = testConfig({
    LOG_LEVEL: 'silent',
    DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE,
  });
  const database = await openDatabase({ url, maxConnections: config.DATABASE_POOL_SIZE });
  const databases = singleDatabase(database);
  await migrateSets(databases);
  const app = await buildApp(config, { db: database });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const where = app.server.address();
  const base = `http://127.0.0.1:${typeof where === 'object' && where ? where.port : 0}`;
  const trader = await activeTrader(app, databases);
  const spread = await insertProducts(
    database.db,
    Array.from({ length: 100 }, () => ({ stock: 1_000_000 })),
  );
  const [hot] = await insertProducts(database.db, [{ stock: 1_000_000 }]);

  console.log(
    `bench:orders — PostgreSQL, pool of ${config.DATABASE_POOL_SIZE}, ${CLIENTS} concurrent clients, ${ORDERS_PER_CASE} orders per case after ${WARMUP} to warm up`,
  );
  for (const [label, productIds] of [
    ['spread over 100 products', spread],
    ['one hot product', [hot as number]],
  ] as const) {
    // Warm-up, not measured: JIT, connections and caches settle first.
    await runLoad({
      url: `${base}/api/v1/orders`,
      headers: trader.headers,
      clients: CLIENTS,
      orders: WARMUP,
      productIds: [...productIds],
      label: `warm-${label}`,
    });
    const result = await runLoad({
      url: `${base}/api/v1/orders`,
      headers: trader.headers,
      clients: CLIENTS,
      orders: ORDERS_PER_CASE,
      productIds: [...productIds],
      label,
    });
    const latencies = result.latencies.sort((a, b) => a - b);
    console.log(
      `${label.padEnd(26)} ${(ORDERS_PER_CASE / result.seconds).toFixed(0).padStart(6)} orders/s   p50 ${percentile(latencies, 50).toFixed(1)} ms   p99 ${percentile(latencies, 99).toFixed(1)} ms   statuses ${JSON.stringify(result.statuses)}`,
    );
  }
  await app.close();
  await database.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
