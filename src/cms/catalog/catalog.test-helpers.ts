/** Requests and database reads shared by the catalog tests. */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '#shared/db/client.ts';
import type { TestContext } from '#test/app.ts';
import type { CmsTrader } from '#test/cms.ts';

type Method = 'GET' | 'PATCH' | 'POST';

export function catalogApi(ctx: TestContext) {
  const call = (method: Method, trader: CmsTrader | undefined, url: string, payload?: object) =>
    ctx.app.inject({
      method,
      url: `/api/v1/trader/products${url}`,
      ...(trader ? { headers: trader.headers } : {}),
      ...(payload === undefined ? {} : { payload }),
    });
  return {
    list: (trader: CmsTrader, query = '') => call('GET', trader, query),
    get: (trader: CmsTrader, id: number) => call('GET', trader, `/${id}`),
    patch: (trader: CmsTrader, id: number, body: object) => call('PATCH', trader, `/${id}`, body),
    bulk: (trader: CmsTrader, body: object) => call('POST', trader, '/bulk', body),
    reorder: (trader: CmsTrader, body: object) => call('POST', trader, '/reorder', body),
    call,
  };
}

/** Ids of every item of a listing, following its cursors to the end. */
export async function allIds(
  list: (query: string) => Promise<{ statusCode: number; json: () => unknown }>,
  query: string,
): Promise<number[]> {
  const ids: number[] = [];
  let cursor: string | null = null;
  do {
    const suffix: string = cursor ? `&cursor=${cursor}` : '';
    const response = await list(`?${query}${suffix}`);
    if (response.statusCode !== 200) throw new Error(`listing answered ${response.statusCode}`);
    const page = response.json() as { items: { id: number }[]; next_cursor: string | null };
    ids.push(...page.items.map((item) => item.id));
    cursor = page.next_cursor;
  } while (cursor !== null);
  return ids;
}

export interface AuditRow {
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  changes: Record<string, unknown> | null;
}

export function auditRows(db: Db, traderId: string, action: string): Promise<AuditRow[]> {
  return queryRows<AuditRow>(
    db,
    sql`select action, entity_type, entity_id, changes from audit_logs
        where trader_id = ${traderId} and action = ${action} order by id`,
  );
}

/** The trader's product ids in catalog order (position, then id), straight from the table. */
export async function catalogOrder(db: Db, traderId: string): Promise<number[]> {
  const rows = await queryRows<{ product_id: string }>(
    db,
    sql`select product_id from trader_products where trader_id = ${traderId}
        order by position, product_id`,
  );
  return rows.map((row) => Number(row.product_id));
}
