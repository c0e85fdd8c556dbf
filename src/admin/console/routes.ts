import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import { registerAssets } from '#shared/html/assets.ts';
import type { AdminContext } from '../context.ts';
import { consoleErrorHandler, sendForbidden } from './errors.tsx';
import { loginRoutes } from './login.tsx';
import { orderPages } from './orders.tsx';
import { productPages } from './products.tsx';
import { traderPages } from './traders.tsx';
import { consoleWeb } from './web.ts';

/**
 * The operator console: server-rendered pages at `/` (an encapsulated plugin, so its form parser,
 * cookies, hooks and HTML error pages stay out of the JSON API).
 */
export async function consolePlugin(app: FastifyInstance, ctx: AdminContext): Promise<void> {
  await app.register(formbody);
  await app.register(cookie);
  registerAssets(app);
  const web = consoleWeb(ctx, sendForbidden);
  app.setErrorHandler(consoleErrorHandler(web));

  loginRoutes(app, ctx, web);
  await app.register(async (pages) => {
    // Signed in first, so an expired session on a form post leads to the login page, not a 403.
    pages.addHook('preHandler', web.guards.requireSignedIn);
    pages.addHook('preHandler', web.guards.requireCsrf);
    traderPages(pages, ctx, web);
    productPages(pages, ctx, web);
    orderPages(pages, ctx, web);
  });
}
