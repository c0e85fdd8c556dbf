import { and, eq, type SQL, sql } from 'drizzle-orm';
import { bigintArray, intArray } from '#shared/db/arrays.ts';
import { type Db, queryRows } from '#shared/db/client.ts';
import { traderProducts } from '#shared/db/schema/app.ts';
import type { LocalField, ProductListFilters, ProductPatch, ProductSort } from './schemas.ts';
import { after, orderBy } from './sort.ts';

export interface ProductRow {
  id: number;
  sku: string;
  name: string;
  description: string;
  price: string;
  currency: string;
  stock: number;
  category_id: number | null;
  category_slug: string | null;
  category_name: string | null;
  attributes: Record<string, unknown>;
  image_urls: string[];
  status: 'active' | 'withdrawn';
  local_description: string | null;
  visibility: boolean;
  position: number;
  seo_title: string | null;
  seo_description: string | null;
  updated_at: string;
}

// Both drivers hand bigint back as text.
const normalise = (row: ProductRow): ProductRow => ({
  ...row,
  id: Number(row.id),
  category_id: row.category_id === null ? null : Number(row.category_id),
});

/** The merged view: the trader's row first, so every query is scoped by `tp.trader_id`. */
const MERGED = sql`
  select tp.product_id as id, p.sku, p.name, p.description, p.price::text as price, p.currency,
         p.stock, c.id as category_id, c.slug as category_slug, c.name as category_name,
         p.attributes, p.image_urls, p.status, tp.local_description, tp.visibility, tp.position,
         tp.seo_title, tp.seo_description,
         to_char(tp.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as updated_at
  from trader_products tp
  join products p on p.id = tp.product_id
  left join categories c on c.id = p.category_id`;

/** `%`, `_` and the escape character itself match literally. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

function conditions(traderId: string, filters: ProductListFilters): SQL[] {
  const where: SQL[] = [sql`tp.trader_id = ${traderId}`];
  if (filters.status !== 'all') where.push(sql`p.status = ${filters.status}`);
  if (filters.q !== undefined) {
    const pattern = likePattern(filters.q);
    where.push(sql`(p.name ilike ${pattern} or p.sku ilike ${pattern})`);
  }
  if (filters.category_id !== undefined) where.push(sql`p.category_id = ${filters.category_id}`);
  if (filters.visibility !== undefined) where.push(sql`tp.visibility = ${filters.visibility}`);
  if (filters.in_stock === true) where.push(sql`p.stock > 0`);
  if (filters.in_stock === false) where.push(sql`p.stock <= 0`);
  return where;
}

/** One page of the trader's catalog (keyset: rows after `page.after` in the sort's order). */
export async function listProducts(
  db: Db,
  traderId: string,
  filters: ProductListFilters & { sort: ProductSort },
  page: { after?: readonly [string | number, number] | undefined; limit: number },
): Promise<ProductRow[]> {
  const where = conditions(traderId, filters);
  if (page.after) where.push(after(filters.sort, page.after));
  const rows = await queryRows<ProductRow>(
    db,
    sql`${MERGED} where ${sql.join(where, sql` and `)}
        order by ${orderBy(filters.sort)} limit ${page.limit}`,
  );
  return rows.map(normalise);
}

export async function getProduct(
  db: Db,
  traderId: string,
  productId: number,
): Promise<ProductRow | undefined> {
  const [row] = await queryRows<ProductRow>(
    db,
    sql`${MERGED} where tp.trader_id = ${traderId} and tp.product_id = ${productId}`,
  );
  return row && normalise(row);
}

export type LocalFields = Required<ProductPatch>;

/** The trader's own fields of one product, locked until the transaction ends. */
export async function lockLocalFields(
  tx: Db,
  traderId: string,
  productId: number,
): Promise<LocalFields | undefined> {
  const [row] = await queryRows<LocalFields>(
    tx,
    sql`select local_description, visibility, position, seo_title, seo_description
        from trader_products where trader_id = ${traderId} and product_id = ${productId}
        for update`,
  );
  return row;
}

const COLUMN_OF: Record<LocalField, keyof typeof traderProducts.$inferInsert> = {
  local_description: 'localDescription',
  visibility: 'visibility',
  position: 'position',
  seo_title: 'seoTitle',
  seo_description: 'seoDescription',
};

export async function updateLocalFields(
  tx: Db,
  traderId: string,
  productId: number,
  changes: ProductPatch,
): Promise<void> {
  const set: Partial<typeof traderProducts.$inferInsert> = { updatedAt: sql`now()` as never };
  for (const [field, value] of Object.entries(changes)) {
    Object.assign(set, { [COLUMN_OF[field as LocalField]]: value });
  }
  await tx
    .update(traderProducts)
    .set(set)
    .where(and(eq(traderProducts.traderId, traderId), eq(traderProducts.productId, productId)));
}

/** Which of the ids are in the trader's catalog; those rows stay locked until the end. */
export async function lockOwned(
  tx: Db,
  traderId: string,
  productIds: readonly number[],
): Promise<Set<number>> {
  const rows = await queryRows<{ product_id: string }>(
    tx,
    sql`select product_id from trader_products
        where trader_id = ${traderId} and product_id = any(${bigintArray(productIds)})
        order by product_id
        for update`,
  );
  return new Set(rows.map((row) => Number(row.product_id)));
}

/** Sets visibility where it differs; answers the ids that changed. */
export async function setVisibility(
  tx: Db,
  traderId: string,
  productIds: readonly number[],
  visibility: boolean,
): Promise<number[]> {
  const rows = await queryRows<{ product_id: string }>(
    tx,
    sql`update trader_products set visibility = ${visibility}, updated_at = now()
        where trader_id = ${traderId} and product_id = any(${bigintArray(productIds)})
          and visibility <> ${visibility}
        returning product_id`,
  );
  return rows.map((row) => Number(row.product_id)).sort((a, b) => a - b);
}

/** First key of the advisory locks that make one trader's reorders take turns. */
const ORDER_LOCK_CLASS = 0x4f52_4452; // "ORDR"

export async function lockOrder(tx: Db, traderId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${ORDER_LOCK_CLASS}, hashtext(${traderId}))`);
}

/** The lowest position in the trader's catalog (the index answers it), or null for none. */
export async function minPosition(tx: Db, traderId: string): Promise<number | null> {
  const [row] = await queryRows<{ min: number | null }>(
    tx,
    sql`select min(position) as min from trader_products where trader_id = ${traderId}`,
  );
  return row?.min ?? null;
}

export async function setPositions(
  tx: Db,
  traderId: string,
  productIds: readonly number[],
  positions: readonly number[],
): Promise<void> {
  await tx.execute(
    sql`update trader_products tp set position = v.position, updated_at = now()
        from unnest(${bigintArray(productIds)}, ${intArray(positions)}) as v(product_id, position)
        where tp.trader_id = ${traderId} and tp.product_id = v.product_id`,
  );
}

/**
 * Locks every row of the trader's catalog, in product id order (the order `lockOwned` takes), so that
 * a renumbering and bulk changes never each hold a row the other is waiting for.
 */
export async function lockCatalog(tx: Db, traderId: string): Promise<void> {
  await tx.execute(
    sql`select 1 from trader_products where trader_id = ${traderId}
        order by product_id for update`,
  );
}

/** Positions 1..n in the current order: only when moving to the front would leave int4. */
export async function renumber(tx: Db, traderId: string): Promise<void> {
  await tx.execute(
    sql`update trader_products tp set position = r.n
        from (select product_id, row_number() over (order by position, product_id) as n
              from trader_products where trader_id = ${traderId}) r
        where tp.trader_id = ${traderId} and tp.product_id = r.product_id`,
  );
}
