import type { Config } from '#shared/config.ts';
import { DEV_SECRETS } from '#shared/config.ts';
import type { Databases } from '#shared/db/databases.ts';
import { type Listening, listen } from '#shared/http/listen.ts';
import { adminContext, buildApp } from './app.ts';
import { ensureFirstOperator } from './auth/service.ts';
import { seedDemoCatalog } from './demo/seed.ts';
import { startWebhookDelivery } from './webhooks/delivery.ts';

export async function startServer(config: Config, databases: Databases): Promise<Listening> {
  const deps = { db: databases.admin };
  const ctx = adminContext(config, deps);
  const app = await buildApp(config, deps);
  const stopDelivery = startWebhookDelivery(ctx, {}, (error) =>
    app.log.warn({ err: error }, 'webhook delivery failed'),
  );
  app.addHook('onClose', stopDelivery);
  const listening = await listen(app, config.HOST, config.ADMIN_PORT);

  const notes: string[] = [];
  const created = await ensureFirstOperator(ctx.db, config);
  if (created) notes.push(`Created the first operator, ${created}.`);
  // The demo catalog belongs to the embedded quick start, never to a real database.
  if (!config.DATABASE_URL) {
    const seeded = await seedDemoCatalog(ctx.db, listening.url);
    if (seeded)
      notes.push(
        `Seeded the demo catalog: ${seeded.categories} categories, ${seeded.products} products.`,
      );
  }
  const password =
    config.ADMIN_OPERATOR_PASSWORD === DEV_SECRETS.ADMIN_OPERATOR_PASSWORD
      ? config.ADMIN_OPERATOR_PASSWORD
      : '(ADMIN_OPERATOR_PASSWORD)';
  notes.push(
    `Operator console: ${listening.url}/  login ${config.ADMIN_OPERATOR_EMAIL} / ${password}`,
  );
  return { ...listening, notes };
}
