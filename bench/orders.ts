/**
 * `npm run bench:orders`: orders per second and latency of POST /api/v1/orders on PostgreSQL, with 50
 * concurrent clients over real HTTP, for orders spread over 100 products and for one hot product.
 * BENCH_DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/postgres); the
 * bench creates and drops its own database there.
 */

import pg from 'pg';
import { buildApp } from '#admin/app.ts';
import { openDatabase } from '#shared/db/client.ts';
import { migrateSets } from '#shared/db/migrate-all.ts';
import { activeTrader, insertProducts } from '#test/admin.ts';
import { testConfig } from '#test/app.ts';
import { singleDatabase } from '#test/database.ts';

const CLIENTS = 50;
const ORDERS_PER_CASE = Number(process.env.BENCH_ORDERS ?? 5000);
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const address = { name: 'Bench', line1: '1 Main St', city: 'X', postal_code: '1', country: 'DE' };

async function recreate(name: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(`drop database if exists "${name}" with (force)`);
  await client.query(`create database "${name}"`);
  await client.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function main() {
  const url = await recreate('broker_bench');
  const database = await openDatabase({ url, maxConnections: 20 });
  const databases = singleDatabase(database);
  await migrateSets(databases);
  const app = await buildApp(testConfig({ LOG_LEVEL: 'silent' }), { db: database });
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
    `bench:orders — ${CLIENTS} concurrent clients, ${ORDERS_PER_CASE} orders per case, PostgreSQL`,
  );
  for (const [label, pick] of [
    ['spread over 100 products', (i: number) => spread[i % spread.length] as number],
    ['one hot product', () => hot as number],
  ] as const) {
    let next = 0;
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    const client = async (id: number) => {
      while (next < ORDERS_PER_CASE) {
        const i = next++;
        const started = performance.now();
        const response = await fetch(`${base}/api/v1/orders`, {
          method: 'POST',
          headers: {
            ...trader.headers,
            'content-type': 'application/json',
            'idempotency-key': `${label}-${id}-${i}`,
          },
          body: JSON.stringify({
            customer_ref: `c${i}`,
            items: [{ product_id: pick(i), quantity: 1 }],
            shipping_address: address,
          }),
        });
        await response.arrayBuffer();
        latencies.push(performance.now() - started);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: CLIENTS }, (_, id) => client(id)));
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    console.log(
      `${label.padEnd(26)} ${(ORDERS_PER_CASE / seconds).toFixed(0).padStart(6)} orders/s   p50 ${percentile(latencies, 50).toFixed(1)} ms   p99 ${percentile(latencies, 99).toFixed(1)} ms   statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
  }
  await app.close();
  await database.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
