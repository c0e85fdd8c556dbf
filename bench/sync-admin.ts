/**
 * The Admin API of `bench:sync`, in a process of its own so that the bench process measures the
 * CMS's memory alone. Started with the database URL; answers its address and a trader's API key.
 */
import { buildApp } from '#admin/app.ts';
import { openDatabase } from '#shared/db/client.ts';
import { activeTrader } from '#test/admin.ts';
import { testConfig } from '#test/app.ts';
import { singleDatabase } from '#test/database.ts';

const [url] = process.argv.slice(2);
const database = await openDatabase({ url, maxConnections: 4 });
const app = await buildApp(testConfig({ LOG_LEVEL: 'silent' }), { db: database });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
const trader = await activeTrader(app, singleDatabase(database));
process.send?.({ port, apiKey: trader.apiKey, adminTraderId: trader.id });
process.on('message', (message) => {
  if (message === 'rss') process.send?.({ maxRssMb: process.resourceUsage().maxRSS / 1024 });
  if (message === 'stop')
    void app
      .close()
      .then(() => database.close())
      .then(() => process.exit(0));
});
