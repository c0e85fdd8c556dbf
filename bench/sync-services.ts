/**
 * The services of `bench:sync`, each in a process of its own, so that the memory each one reports is
 * its own: `admin <database url>` answers its port and a trader's API key; `cms <database url> <admin
 * url>` answers its port. Both answer `rss` with their peak RSS and stop on `stop`.
 */
import { buildApp as buildAdmin } from '#admin/app.ts';
import { buildApp as buildCms } from '#cms/app.ts';
import { openDatabase } from '#shared/db/client.ts';
import type { App } from '#shared/http/create-app.ts';
import { activeTrader } from '#test/admin.ts';
import { testConfig } from '#test/app.ts';
import { singleDatabase } from '#test/database.ts';

const [service, url, adminUrl] = process.argv.slice(2);
const database = await openDatabase({ url, maxConnections: service === 'cms' ? 10 : 4 });
const config = testConfig({
  LOG_LEVEL: 'silent',
  ...(adminUrl ? { ADMIN_API_BASE_URL: adminUrl } : {}),
});
const app: App =
  service === 'cms'
    ? await buildCms(config, { db: database })
    : await buildAdmin(config, { db: database });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
if (service === 'cms') process.send?.({ port });
else {
  const trader = await activeTrader(app, singleDatabase(database));
  process.send?.({ port, apiKey: trader.apiKey, adminTraderId: trader.id });
}
process.on('message', (message) => {
  if (message === 'rss') process.send?.({ maxRssMb: process.resourceUsage().maxRSS / 1024 });
  if (message === 'stop')
    void app
      .close()
      .then(() => database.close())
      .then(() => process.exit(0));
});
