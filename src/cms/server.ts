import type { Config } from '#shared/config.ts';
import type { Databases } from '#shared/db/databases.ts';
import { type Listening, listen } from '#shared/http/listen.ts';
import { buildApp, cmsContext } from './app.ts';
import { startApprovalLoops } from './approval/loops.ts';

export async function startServer(config: Config, databases: Databases): Promise<Listening> {
  const deps = { db: databases.app };
  // One context for the routes and the loops, so they share the Admin client and its breaker.
  const ctx = cmsContext(config, deps);
  const app = await buildApp(config, deps, ctx);
  const stopLoops = startApprovalLoops(ctx, (error) =>
    app.log.warn({ err: error }, 'approval propagation failed'),
  );
  app.addHook('onClose', stopLoops);
  return listen(app, config.HOST, config.CMS_PORT);
}
