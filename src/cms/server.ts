import type { Config } from '#shared/config.ts';
import type { Databases } from '#shared/db/databases.ts';
import { type Listening, listen } from '#shared/http/listen.ts';
import { buildApp } from './app.ts';

export async function startServer(config: Config, databases: Databases): Promise<Listening> {
  const app = await buildApp(config, { db: databases.app });
  return listen(app, config.HOST, config.CMS_PORT);
}
