/**
 * A real Admin over HTTP, with a proxy in front that can misbehave on a chosen request, and a CMS
 * whose Admin client goes through the proxy. The proxy is the only stand-in: it plays the network
 * and a faulty upstream; everything behind it is the real Admin.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect } from 'vitest';
import { queryRows } from '#shared/db/client.ts';
import { traders } from '#shared/db/schema/app.ts';
import type { App } from '#shared/http/create-app.ts';
import { activeTrader, bearer, insertProducts } from '#test/admin.ts';
import { type CmsTrader, cmsTrader } from '#test/cms.ts';
import { buildApp as buildCms } from '../app.ts';
import {
  type ApprovalWorld,
  cmsContextFor,
  useApprovalWorld,
} from '../approval/approval.test-helpers.ts';

/** What the proxy does to one request; `undefined` passes it through. */
export type Fault =
  | 'error_500'
  | 'hang'
  | 'malformed_json'
  | 'delay'
  | 'invalid_record'
  | 'invalid_category';
type FaultRule = (path: string, productPage: number) => Fault | undefined;

export interface SyncWorld extends ApprovalWorld {
  /** The CMS whose Admin client goes through the proxy. */
  proxied: App;
  proxyUrl: string;
  fault: { rule: FaultRule; productPages: number; delayMs: number };
}

export function useSyncWorld(): SyncWorld {
  const world = useApprovalWorld() as SyncWorld;
  let server: ReturnType<typeof createServer>;
  beforeAll(async () => {
    world.fault = { rule: () => undefined, productPages: 0, delayMs: 200 };
    server = createServer((request, response) => void forward(world, request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    world.proxyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
    // Pages of 100, so that a few hundred products make the pages a fault can pick from.
    const ctx = { ...cmsContextFor(world.databases, world.proxyUrl), syncPageSize: 100 };
    world.proxied = await buildCms(ctx.config, { db: world.databases.app }, ctx);
  });
  afterAll(async () => {
    await world.proxied?.close();
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return world;
}

/** Sets the proxy's fault rule; product pages are counted from 1 again. */
export function injectFault(world: SyncWorld, rule: FaultRule) {
  world.fault.rule = rule;
  world.fault.productPages = 0;
}

async function forward(world: SyncWorld, request: IncomingMessage, response: ServerResponse) {
  const path = request.url ?? '/';
  const isProductPage = /^\/api\/v1\/products(\?|$)/.test(path);
  if (isProductPage) world.fault.productPages += 1;
  const fault = world.fault.rule(path, isProductPage ? world.fault.productPages : 0);
  if (fault === 'hang') return; // never answers; the client's timeout ends it
  if (fault === 'error_500') {
    response.writeHead(500, { 'content-type': 'application/json' });
    return response.end('{"error":{"code":"internal_error","message":"boom"}}');
  }
  if (fault === 'delay') await new Promise((resolve) => setTimeout(resolve, world.fault.delayMs));
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers))
    if (typeof value === 'string' && name !== 'host' && name !== 'connection')
      headers.set(name, value);
  const upstream = await fetch(world.adminUrl.replace(/\/api\/v1$/, '') + path, {
    method: request.method ?? 'GET',
    headers,
    body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
  });
  let body = await upstream.text();
  if (fault === 'malformed_json') body = body.slice(0, Math.floor(body.length / 2));
  if (fault === 'invalid_record')
    body = body.replace(/"image_urls":\[(\]?)/, (_match, empty: string) =>
      empty ? '"image_urls":["javascript:alert(1)"]' : '"image_urls":["javascript:alert(1)",',
    );
  if (fault === 'invalid_category')
    body = body.replace(/"updated_at":"[^"]*"/, '"updated_at":"not a time"');
  response.writeHead(upstream.status, { 'content-type': 'application/json' });
  response.end(body);
}

export interface SyncTrader extends CmsTrader {
  adminId: string;
}

/** A trader ACTIVE at the Admin and in the CMS, with its API key where an approval would put it. */
export async function syncTrader(world: SyncWorld): Promise<SyncTrader> {
  const upstream = await activeTrader(world.admin, world.databases);
  const trader = await cmsTrader(world.cms, world.databases);
  await world.databases.app.db
    .update(traders)
    .set({ adminTraderId: upstream.id, apiKeyEncrypted: world.ctx.sealer.seal(upstream.apiKey) })
    .where(eq(traders.id, trader.id));
  return { ...trader, adminId: upstream.id };
}

/** Adds products to the Admin's catalog; answers their ids. */
export function adminProducts(
  world: SyncWorld,
  count: number,
  spec: { status?: 'active' | 'withdrawn' } = {},
) {
  return insertProducts(
    world.databases.admin.db,
    Array.from({ length: count }, () => spec),
  );
}

/** An operator's change through the Admin's API. */
export async function operate(
  world: SyncWorld,
  method: 'PATCH' | 'POST',
  path: string,
  payload?: object,
) {
  const response = await world.admin.inject({
    method,
    url: `/api/v1/operator${path}`,
    headers: bearer(world.operator),
    ...(payload ? { payload } : {}),
  });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json();
}

export async function sync(app: App, trader: CmsTrader, query = '') {
  return app.inject({
    method: 'POST',
    url: `/api/v1/sync/products${query}`,
    headers: trader.headers,
  });
}

/** Every catalog row of the CMS with its row version, to tell what a sync wrote. */
export async function catalogState(world: SyncWorld) {
  const db = world.databases.app.db;
  const [products, traderProducts, categories] = await Promise.all([
    queryRows<{ id: string; xmin: string; price: string; status: string }>(
      db,
      sql`select id::text as id, xmin::text as xmin, price::text as price, status
          from products order by id`,
    ),
    queryRows<{
      trader_id: string;
      product_id: string;
      xmin: string;
      position: number;
      visibility: boolean;
    }>(
      db,
      sql`select trader_id::text as trader_id, product_id::text as product_id, xmin::text as xmin,
                 position, visibility
          from trader_products order by trader_id, product_id`,
    ),
    queryRows<{ id: string; xmin: string }>(
      db,
      sql`select id::text as id, xmin::text as xmin from categories order by id`,
    ),
  ]);
  return { products, traderProducts, categories };
}
