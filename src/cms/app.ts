import type { Config } from '#shared/config.ts';
import type { Database } from '#shared/db/client.ts';
import { type App, createHttpApp } from '#shared/http/create-app.ts';
import type { ServiceInfo } from '#shared/http/docs.ts';
import { registerServiceRoot } from '#shared/http/service-root.ts';

export const SERVICE: ServiceInfo = {
  name: 'cms',
  title: 'Trader CMS',
  description:
    'Traders register, sync the catalog, curate their shop, manage customers and follow their orders.',
};

export interface Deps {
  /** The database holding this service's tables. */
  readonly db: Database;
}

export async function buildApp(config: Config, deps: Deps): Promise<App> {
  const app = await createHttpApp(config, { service: SERVICE, readiness: [deps.db.ping] });
  registerServiceRoot(app, SERVICE);
  return app;
}
