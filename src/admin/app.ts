import formbody from '@fastify/formbody';
import { sealer } from '#shared/auth/encryption.ts';
import { tokenIssuer } from '#shared/auth/tokens.ts';
import type { Config } from '#shared/config.ts';
import type { Database } from '#shared/db/client.ts';
import { type App, createHttpApp, typed } from '#shared/http/create-app.ts';
import type { ServiceInfo } from '#shared/http/docs.ts';
import { authRoutes } from './auth/routes.ts';
import { catalogRoutes } from './catalog/routes.ts';
import { consolePlugin } from './console/routes.ts';
import { ADMIN_ISSUER, type AdminContext } from './context.ts';
import { mediaRoutes } from './demo/routes.ts';
import { ordersRoutes } from './orders/routes.ts';
import { tradersRoutes } from './traders/routes.ts';

export const SERVICE: ServiceInfo = {
  name: 'admin',
  title: 'Admin API',
  description:
    'The central platform: product catalog, prices, central stock, categories, trader approval and API keys, and orders.',
};

export interface Deps {
  /** The database holding this service's tables. */
  readonly db: Database;
}

export function adminContext(config: Config, deps: Deps): AdminContext {
  return {
    config,
    db: deps.db.db,
    tokens: tokenIssuer(config, ADMIN_ISSUER),
    sealer: sealer(config),
  };
}

export async function buildApp(config: Config, deps: Deps): Promise<App> {
  const app = await createHttpApp(config, { service: SERVICE, readiness: [deps.db.ping] });
  const ctx = adminContext(config, deps);
  await app.register(
    async (instance) => {
      const api = typed(instance);
      await api.register(async (scope) => {
        // OAuth clients may send the token request form-encoded (RFC 6749 §4.4.2); only here.
        await scope.register(formbody);
        authRoutes(typed(scope), ctx);
      });
      tradersRoutes(api, ctx);
      catalogRoutes(api, ctx);
      ordersRoutes(api, ctx);
    },
    { prefix: '/api/v1' },
  );
  mediaRoutes(app, ctx);
  await app.register((instance) => consolePlugin(instance, ctx));
  return app;
}
