import type { App } from '#shared/http/create-app.ts';
import type { AdminContext } from '../context.ts';
import { operatorCatalogRoutes } from './operator-routes.ts';
import { traderCatalogRoutes } from './trader-routes.ts';

/** Operator catalog management and the traders' read API (mounted under /api/v1). */
export function catalogRoutes(app: App, ctx: AdminContext): void {
  operatorCatalogRoutes(app, ctx);
  traderCatalogRoutes(app, ctx);
}
