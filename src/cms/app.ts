import { tokenIssuer } from '#shared/auth/tokens.ts';
import type { Config } from '#shared/config.ts';
import type { Database } from '#shared/db/client.ts';
import { type App, createHttpApp, typed } from '#shared/http/create-app.ts';
import type { ServiceInfo } from '#shared/http/docs.ts';
import { registerServiceRoot } from '#shared/http/service-root.ts';
import { authRoutes } from './auth/routes.ts';
import { CMS_ISSUER, type CmsContext } from './context.ts';

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

export function cmsContext(config: Config, deps: Deps): CmsContext {
  return { config, db: deps.db.db, tokens: tokenIssuer(config, CMS_ISSUER) };
}

export async function buildApp(config: Config, deps: Deps): Promise<App> {
  const app = await createHttpApp(config, { service: SERVICE, readiness: [deps.db.ping] });
  const ctx = cmsContext(config, deps);
  registerServiceRoot(app, SERVICE);
  await app.register(
    async (instance) => {
      authRoutes(typed(instance), ctx);
    },
    { prefix: '/api/v1' },
  );
  return app;
}
