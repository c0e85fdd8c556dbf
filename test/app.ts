import { afterAll, beforeAll } from 'vitest';
import { buildApp as buildAdmin } from '#admin/app.ts';
import { buildApp as buildCms } from '#cms/app.ts';
import { type Config, type Env, parseConfig } from '#shared/config.ts';
import type { Databases } from '#shared/db/databases.ts';
import type { App } from '#shared/http/create-app.ts';
import { buildApp as buildShop } from '#shop/app.ts';
import { resetDatabase, workerDatabases } from './database.ts';

export type ServiceName = 'admin' | 'cms' | 'shop';

export function testConfig(overrides: Env = {}): Config {
  return parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...overrides });
}

const builders = { admin: buildAdmin, cms: buildCms, shop: buildShop };

export interface TestContext {
  app: App;
  databases: Databases;
}

/**
 * Gives a test file one service wired to the worker's database, emptied first. Read `ctx.app` inside
 * tests and hooks: it is set once `beforeAll` has run.
 */
export function useTestApp(service: ServiceName, configOverrides: Env = {}): TestContext {
  const ctx = {} as TestContext;
  beforeAll(async () => {
    ctx.databases = await workerDatabases();
    await resetDatabase(ctx.databases.app);
    const db = service === 'admin' ? ctx.databases.admin : ctx.databases.app;
    ctx.app = await builders[service](testConfig(configOverrides), { db });
  });
  afterAll(async () => {
    await ctx.app?.close();
  });
  return ctx;
}
