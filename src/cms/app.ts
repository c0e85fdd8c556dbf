import { type AdminClient, createAdminClient } from '#shared/admin-client/client.ts';
import { sealer } from '#shared/auth/encryption.ts';
import { tokenIssuer } from '#shared/auth/tokens.ts';
import type { Config } from '#shared/config.ts';
import type { Database } from '#shared/db/client.ts';
import { type App, createHttpApp, typed } from '#shared/http/create-app.ts';
import type { ServiceInfo } from '#shared/http/docs.ts';
import { loginLimiter } from '#shared/http/login-limiter.ts';
import { registerServiceRoot } from '#shared/http/service-root.ts';
import { auditRoutes } from './audit/routes.ts';
import { authRoutes } from './auth/routes.ts';
import { catalogRoutes } from './catalog/routes.ts';
import { CMS_ISSUER, type CmsContext } from './context.ts';
import { imageRoutes } from './images/routes.ts';
import { serveUploads } from './images/serve.ts';
import { syncRoutes } from './sync/routes.ts';
import { webhookRoutes } from './webhooks/routes.ts';

export const SERVICE: ServiceInfo = {
  name: 'cms',
  title: 'Trader CMS',
  description:
    'Traders register, sync the catalog, curate their shop, manage customers and follow their orders.',
};

export interface Deps {
  /** The database holding this service's tables. */
  readonly db: Database;
  /** The Admin API client; tests pass one with other timeouts or retries. */
  readonly admin?: AdminClient;
}

export function cmsContext(config: Config, deps: Deps): CmsContext {
  return {
    config,
    db: deps.db.db,
    session: deps.db.session,
    tokens: tokenIssuer(config, CMS_ISSUER),
    admin: deps.admin ?? createAdminClient(config),
    sealer: sealer(config),
  };
}

export async function buildApp(
  config: Config,
  deps: Deps,
  ctx: CmsContext = cmsContext(config, deps),
): Promise<App> {
  const app = await createHttpApp(config, { service: SERVICE, readiness: [deps.db.ping] });
  registerServiceRoot(app, SERVICE);
  await serveUploads(app, config);
  await app.register(
    async (instance) => {
      authRoutes(typed(instance), ctx, await loginLimiter(instance, config, 'cms'));
      auditRoutes(typed(instance), ctx);
      syncRoutes(typed(instance), ctx);
      catalogRoutes(typed(instance), ctx);
      await instance.register(async (scope) => webhookRoutes(typed(scope), ctx));
      await instance.register(async (scope) => imageRoutes(typed(scope), ctx));
    },
    { prefix: '/api/v1' },
  );
  return app;
}
