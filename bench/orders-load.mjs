/**
 * The load generator of bench:orders, in a worker thread so that the clients do not share the
 * server's event loop: it measures the server, not the client. Plain JavaScript, so that the worker
 * needs no TypeScript loader.
 */
import { parentPort, workerData } from 'node:worker_threads';

/** @type {{ url: string, headers: Record<string, string>, clients: number, orders: number, productIds: number[], label: string }} */
const job = workerData;
const address = { name: 'Bench', line1: '1 Main St', city: 'X', postal_code: '1', country: 'DE' };
let next = 0;
/** @type {number[]} */
const latencies = [];
/** @type {Record<number, number>} */
const statuses = {};

async function client(id) {
  while (next < job.orders) {
    const i = next++;
    const started = performance.now();
    const response = await fetch(job.url, {
      method: 'POST',
      headers: {
        ...job.headers,
        'content-type': 'application/json',
        'idempotency-key': `${job.label}-${id}-${i}`,
      },
      body: JSON.stringify({
        customer_ref: `c${i}`,
        items: [{ product_id: job.productIds[i % job.productIds.length], quantity: 1 }],
        shipping_address: address,
      }),
    });
    await response.arrayBuffer();
    latencies.push(performance.now() - started);
    statuses[response.status] = (statuses[response.status] ?? 0) + 1;
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: job.clients }, (_, id) => client(id)));
parentPort?.postMessage({ seconds: (performance.now() - started) / 1000, latencies, statuses });
