/** A real Admin over HTTP and a CMS beside it on the worker's database, for approval tests. */

import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect } from 'vitest';
import { buildApp as buildAdmin } from '#admin/app.ts';
import { createAdminClient } from '#shared/admin-client/client.ts';
import { queryRows } from '#shared/db/client.ts';
import type { Databases } from '#shared/db/databases.ts';
import type { App } from '#shared/http/create-app.ts';
import { bearer, operatorToken } from '#test/admin.ts';
import { testConfig } from '#test/app.ts';
import { resetDatabase, workerDatabases } from '#test/database.ts';
import { buildApp as buildCms, cmsContext } from '../app.ts';
import type { CmsContext } from '../context.ts';

export interface ApprovalWorld {
  databases: Databases;
  admin: App;
  adminUrl: string;
  cms: App;
  /** The CMS's context, its Admin client pointed at the running Admin. */
  ctx: CmsContext;
  operator: string;
}

/** A port nothing listens on: taken from the system, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A CMS context whose Admin client tries once and gives up fast. */
export function cmsContextFor(databases: Databases, baseUrl: string): CmsContext {
  const config = testConfig({ ADMIN_API_BASE_URL: baseUrl });
  const admin = createAdminClient(config, { retries: 0, timeoutMs: 2_000 });
  return cmsContext(config, { db: databases.app, admin });
}

export function useApprovalWorld(): ApprovalWorld {
  const world = {} as ApprovalWorld;
  beforeAll(async () => {
    world.databases = await workerDatabases();
    await resetDatabase(world.databases.app);
    world.admin = await buildAdmin(testConfig(), { db: world.databases.admin });
    await world.admin.listen({ port: 0, host: '127.0.0.1' });
    const { port } = world.admin.server.address() as AddressInfo;
    world.adminUrl = `http://127.0.0.1:${port}/api/v1`;
    world.ctx = cmsContextFor(world.databases, world.adminUrl);
    world.cms = await buildCms(world.ctx.config, { db: world.databases.app }, world.ctx);
    world.operator = await operatorToken(world.admin, world.databases);
  });
  afterAll(async () => {
    await world.cms?.close();
    await world.admin?.close();
  });
  return world;
}

let counter = 0;

/** Registers a trader through the CMS API; answers its id. */
export async function register(cms: App): Promise<string> {
  counter += 1;
  const response = await cms.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: {
      email: `trader${counter}-${Date.now()}@example.com`,
      password: 'correct horse battery staple',
      business_name: `Approval Shop ${counter}`,
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

export interface TraderState {
  status: string;
  admin_trader_id: string | null;
  api_key_encrypted: string | null;
}

export async function traderState(world: ApprovalWorld, id: string): Promise<TraderState> {
  const [row] = await queryRows<TraderState>(
    world.databases.app.db,
    sql`select status, admin_trader_id::text as admin_trader_id, api_key_encrypted
        from traders where id = ${id}`,
  );
  if (!row) throw new Error(`no trader ${id}`);
  return row;
}

export interface OutboxState {
  attempts: number;
  delivered: boolean;
  last_error: string | null;
}

export function outboxOf(world: ApprovalWorld, traderId: string): Promise<OutboxState[]> {
  return queryRows<OutboxState>(
    world.databases.app.db,
    sql`select attempts, delivered_at is not null as delivered, last_error
        from outbox where trader_id = ${traderId} order by id`,
  );
}

/** Makes every waiting outbox row due now, as if its back-off had passed. */
export const makeDue = (world: ApprovalWorld) =>
  world.databases.app.db.execute(
    sql`update outbox set next_attempt_at = now() where delivered_at is null`,
  );

/** Approves in the Admin through the operator API; answers the new API key. */
export async function approve(world: ApprovalWorld, adminId: string): Promise<string> {
  const response = await world.admin.inject({
    method: 'POST',
    url: `/api/v1/operator/traders/${adminId}/approve`,
    headers: bearer(world.operator),
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().api_key;
}

export async function reject(world: ApprovalWorld, adminId: string, reason: string) {
  const response = await world.admin.inject({
    method: 'POST',
    url: `/api/v1/operator/traders/${adminId}/reject`,
    headers: bearer(world.operator),
    payload: { reason },
  });
  expect(response.statusCode, response.body).toBe(200);
}
