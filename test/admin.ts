/** Helpers for tests of the Admin API: tokens, operators and approved traders, all through its API. */
import { randomUUID } from 'node:crypto';
import { ensureFirstOperator } from '#admin/auth/service.ts';
import type { Config } from '#shared/config.ts';
import type { Db } from '#shared/db/client.ts';
import type { Databases } from '#shared/db/databases.ts';
import { products } from '#shared/db/schema/admin.ts';
import type { App } from '#shared/http/create-app.ts';
import { testConfig } from './app.ts';

export async function serviceToken(app: App, config: Config = testConfig()): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/token',
    payload: {
      grant_type: 'client_credentials',
      client_id: config.ADMIN_CLIENT_ID,
      client_secret: config.ADMIN_CLIENT_SECRET,
    },
  });
  if (response.statusCode !== 200)
    throw new Error(`token: ${response.statusCode} ${response.body}`);
  return response.json().access_token;
}

export async function operatorToken(
  app: App,
  databases: Databases,
  config: Config = testConfig(),
): Promise<string> {
  await ensureFirstOperator(databases.admin.db, config);
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/operator/auth/login',
    payload: { email: config.ADMIN_OPERATOR_EMAIL, password: config.ADMIN_OPERATOR_PASSWORD },
  });
  if (response.statusCode !== 200)
    throw new Error(`login: ${response.statusCode} ${response.body}`);
  return response.json().access_token;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export interface ActiveTrader {
  id: string;
  apiKey: string;
  /** Service token and API key: what every trader-scoped call sends. */
  headers: Record<string, string>;
}

/** Files an application and approves it, through the API. */
export async function activeTrader(app: App, databases: Databases): Promise<ActiveTrader> {
  const service = await serviceToken(app);
  const operator = await operatorToken(app, databases);
  const ref = randomUUID();
  const filed = await app.inject({
    method: 'POST',
    url: '/api/v1/traders',
    headers: bearer(service),
    payload: {
      email: `${ref}@example.com`,
      business_name: `Shop ${ref.slice(0, 8)}`,
      external_ref: ref,
    },
  });
  const { id } = filed.json();
  const approved = await app.inject({
    method: 'POST',
    url: `/api/v1/operator/traders/${id}/approve`,
    headers: bearer(operator),
  });
  if (approved.statusCode !== 200) throw new Error(`approve: ${approved.body}`);
  const apiKey = approved.json().api_key as string;
  return { id, apiKey, headers: { ...bearer(service), 'x-api-key': apiKey } };
}

/** Puts products straight into the catalog (the catalog API has tests of its own). */
export async function insertProducts(
  db: Db,
  specs: readonly {
    price?: string;
    stock?: number;
    status?: 'active' | 'withdrawn';
    currency?: string;
  }[],
): Promise<number[]> {
  const rows = await db
    .insert(products)
    .values(
      specs.map((spec) => ({
        sku: `SKU-${randomUUID().slice(0, 12)}`,
        name: `Product ${randomUUID().slice(0, 6)}`,
        price: spec.price ?? '19.90',
        currency: spec.currency ?? 'EUR',
        stock: spec.stock ?? 10,
        status: spec.status ?? 'active',
      })),
    )
    .returning({ id: products.id });
  return rows.map((row) => row.id);
}

/** A valid shipping address for orders placed in tests. */
export const SHIPPING_ADDRESS = {
  name: 'Ann Buyer',
  line1: '1 Main St',
  city: 'Springfield',
  postal_code: '12345',
  country: 'DE',
};
