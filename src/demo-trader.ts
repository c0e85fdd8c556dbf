/**
 * The demo trader of the embedded quick start, made the way a real one is: registered through the
 * CMS API, approved through the Admin's operator API, and ACTIVE once the approval has reached the CMS
 * (by webhook, or by the reconciler). The brief's own example account stays free for its curl examples.
 */
import { eq } from 'drizzle-orm';
import type { Config } from '#shared/config.ts';
import type { Db } from '#shared/db/client.ts';
import { traders } from '#shared/db/schema/app.ts';

export const DEMO_TRADER = {
  email: 'demo@example.com',
  password: 'demo_password_123',
  business_name: 'Demo Shop',
} as const;

/** Most products one bulk change takes. */
const BULK_LIMIT = 500;

const json = (body: unknown, token?: string) => ({
  method: 'POST',
  headers: {
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  },
  body: body === undefined ? undefined : JSON.stringify(body),
});

async function until<T>(
  what: string,
  deadline: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function cmsStatus(db: Db): Promise<string | undefined> {
  const [row] = await db
    .select({ status: traders.status })
    .from(traders)
    .where(eq(traders.email, DEMO_TRADER.email));
  return row?.status;
}

/**
 * Syncs the demo trader's catalog through the CMS API and publishes every product, so the shop has
 * something to sell. The API key arrives with the approval, or a moment later (503 until then).
 */
async function publishDemoCatalog(cms: string, deadline: number): Promise<string> {
  const { email, password } = DEMO_TRADER;
  const login = await fetch(`${cms}/api/v1/auth/login`, json({ email, password }));
  if (login.status !== 200) throw new Error(`logging in answered ${login.status}`);
  const { access_token: token } = (await login.json()) as { access_token: string };
  const run = await until('the first sync', deadline, async () => {
    const response = await fetch(`${cms}/api/v1/sync/products`, json(undefined, token));
    if (response.status === 503) return undefined;
    if (response.status !== 200) throw new Error(`the first sync answered ${response.status}`);
    return (await response.json()) as { created: number };
  });
  const hidden: number[] = [];
  let cursor: string | null = null;
  do {
    const query = `visibility=false&limit=100${cursor ? `&cursor=${cursor}` : ''}`;
    const response = await fetch(`${cms}/api/v1/trader/products?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const page = (await response.json()) as { items: { id: number }[]; next_cursor: string | null };
    hidden.push(...page.items.map((item) => item.id));
    cursor = page.next_cursor;
  } while (cursor);
  for (let start = 0; start < hidden.length; start += BULK_LIMIT) {
    const product_ids = hidden.slice(start, start + BULK_LIMIT);
    const response = await fetch(
      `${cms}/api/v1/trader/products/bulk`,
      json({ product_ids, visibility: true }, token),
    );
    if (response.status !== 200) throw new Error(`publishing answered ${response.status}`);
  }
  return `Its catalog: ${run.created} products synced from the Admin, ${hidden.length} published.`;
}

/** Makes sure the demo trader exists and is ACTIVE; answers the line to print at start. */
export async function ensureDemoTrader(
  config: Config,
  urls: { cms: string; admin: string },
  db: Db,
  timeoutMs = 20_000,
): Promise<string> {
  const login = `Demo trader: ${DEMO_TRADER.email} / ${DEMO_TRADER.password}`;
  try {
    if ((await cmsStatus(db)) === 'ACTIVE') return `${login} (ACTIVE)`;
    const deadline = Date.now() + timeoutMs;
    if ((await cmsStatus(db)) === undefined) {
      const registered = await fetch(`${urls.cms}/api/v1/auth/register`, json(DEMO_TRADER));
      if (registered.status !== 201) throw new Error(`registration answered ${registered.status}`);
    }
    const operator = await fetch(
      `${urls.admin}/api/v1/operator/auth/login`,
      json({ email: config.ADMIN_OPERATOR_EMAIL, password: config.ADMIN_OPERATOR_PASSWORD }),
    );
    const { access_token: token } = (await operator.json()) as { access_token: string };
    // The CMS files the application from its outbox within a second or so.
    const application = await until('the application to reach the Admin', deadline, async () => {
      const response = await fetch(`${urls.admin}/api/v1/operator/traders?limit=100`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const page = (await response.json()) as {
        items: { id: string; email: string; status: string }[];
      };
      return page.items.find((item) => item.email === DEMO_TRADER.email);
    });
    const approvedAt = Date.now();
    if (application.status !== 'ACTIVE') {
      await fetch(
        `${urls.admin}/api/v1/operator/traders/${application.id}/approve`,
        json({}, token),
      );
    }
    const status = await until('the approval to reach the CMS', deadline, async () => {
      const current = await cmsStatus(db);
      return current === 'ACTIVE' ? current : undefined;
    });
    const seconds = ((Date.now() - approvedAt) / 1000).toFixed(1);
    const catalog = await publishDemoCatalog(urls.cms, deadline);
    return `${login} (${status}; the approval reached the CMS in ${seconds} s). ${catalog}`;
  } catch (error) {
    return `${login}: could not be prepared (${(error as Error).message})`;
  }
}
