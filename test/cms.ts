/** Helpers for tests of the Trader CMS: traders registered and logged in through its API. */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Databases } from '#shared/db/databases.ts';
import { type TraderStatus, traders } from '#shared/db/schema/app.ts';
import type { App } from '#shared/http/create-app.ts';

export interface CmsTrader {
  id: string;
  email: string;
  accessToken: string;
  refreshToken: string;
  headers: { authorization: string };
}

/**
 * Registers a trader and logs it in. `status` sets the account's status directly, standing in for
 * the Admin's decision, which has tests of its own.
 */
export async function cmsTrader(
  app: App,
  databases: Databases,
  status: TraderStatus = 'ACTIVE',
): Promise<CmsTrader> {
  const email = `${randomUUID()}@example.com`;
  const password = 'a-decent-passphrase';
  const registered = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: { email, password, business_name: `Shop ${email.slice(0, 8)}` },
  });
  if (registered.statusCode !== 201) throw new Error(`register: ${registered.body}`);
  const { id } = registered.json();
  await databases.app.db.update(traders).set({ status }).where(eq(traders.id, id));
  const login = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
  });
  const tokens = login.json();
  return {
    id,
    email,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    headers: { authorization: `Bearer ${tokens.access_token}` },
  };
}
