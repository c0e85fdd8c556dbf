import { type SQL, sql } from 'drizzle-orm';
import type { AdminCategory } from '#shared/admin-client/schemas.ts';
import { bigintArray, intArray, textArray, timestamptzArray } from '#shared/db/arrays.ts';
import { type Db, queryRows } from '#shared/db/client.ts';
import { lockCatalog, renumber } from '../catalog/queries.ts';

/** Rows per statement: large enough to be set-based, small enough to keep each statement quick. */
export const APPLY_CHUNK = 5000;

export interface TraderCounts {
  created: number;
  updated: number;
  unchanged: number;
  withdrawn: number;
}

/**
 * Categories are few and come whole. A row is written only when the Admin's copy is newer, so a
 * sync with nothing new writes nothing.
 */
export async function upsertCategories(tx: Db, categories: readonly AdminCategory[]) {
  if (categories.length === 0) return;
  const sorted = [...categories].sort((a, b) => a.id - b.id);
  await tx.execute(sql`
    insert into categories (id, slug, name, position, upstream_updated_at)
    select * from unnest(${bigintArray(sorted.map((c) => c.id))},
                         ${textArray(sorted.map((c) => c.slug))},
                         ${textArray(sorted.map((c) => c.name))},
                         ${intArray(sorted.map((c) => c.position))},
                         ${timestamptzArray(sorted.map((c) => new Date(c.updated_at).toISOString()))})
    on conflict (id) do update
      set slug = excluded.slug, name = excluded.name, position = excluded.position,
          upstream_updated_at = excluded.upstream_updated_at, synced_at = now()
      where categories.upstream_updated_at < excluded.upstream_updated_at`);
}

/** A slice of the staged products: ids in `(after, upto]`. */
export interface Slice {
  readonly after: number;
  readonly upto: number;
}

/**
 * The shared copy of the products: only a newer upstream version rewrites a row, and rows with
 * nothing newer are not even visited by the upsert (an upsert that does nothing still locks).
 */
export async function upsertProducts(tx: Db, stage: SQL, slice: Slice): Promise<number> {
  const [row] = await queryRows<{ written: number }>(
    tx,
    sql`
    with written as (
      insert into products (id, sku, name, description, price, currency, stock, category_id,
                            attributes, image_urls, status, upstream_updated_at)
      select s.id, s.sku, s.name, s.description, s.price, s.currency, s.stock, s.category_id,
             s.attributes, s.image_urls, s.status, s.updated_at
      from ${stage} s
      left join products p on p.id = s.id
      where s.id > ${slice.after} and s.id <= ${slice.upto}
        and (p.id is null or p.upstream_updated_at < s.updated_at)
      order by s.id
      on conflict (id) do update
        set sku = excluded.sku, name = excluded.name, description = excluded.description,
            price = excluded.price, currency = excluded.currency, stock = excluded.stock,
            category_id = excluded.category_id, attributes = excluded.attributes,
            image_urls = excluded.image_urls, status = excluded.status,
            upstream_updated_at = excluded.upstream_updated_at, synced_at = now()
        where products.upstream_updated_at < excluded.upstream_updated_at
      returning 1)
    select count(*)::int as written from written`,
  );
  return row?.written ?? 0;
}

/**
 * Takes the products into one trader's catalog and counts from the trader's point of view. New ones
 * arrive hidden, after the trader's last position, in id order; products withdrawn before the trader
 * ever had them are left out. Known ones only record the version seen, and only when it is newer:
 * local fields are never touched, and a sync with nothing new writes nothing.
 */
export async function applyToTrader(
  tx: Db,
  traderId: string,
  stage: SQL,
  slice: Slice,
  firstPosition: number,
): Promise<TraderCounts> {
  // The rows about to change, locked in id order: bulk changes and reorders lock in that order too,
  // so a sync never deadlocks with them. Rows with nothing new are not locked (nor written).
  await tx.execute(sql`
    select 1 from trader_products tp
    join ${stage} s on tp.product_id = s.id
    where tp.trader_id = ${traderId} and s.id > ${slice.after} and s.id <= ${slice.upto}
      and tp.seen_updated_at < s.updated_at
    order by tp.product_id
    for update of tp`);
  const [row] = await queryRows<TraderCounts>(
    tx,
    sql`
    with mine as (
      select s.id, s.status, s.updated_at, tp.product_id is not null as known,
             tp.seen_updated_at, tp.seen_status
      from ${stage} s
      left join trader_products tp on tp.trader_id = ${traderId} and tp.product_id = s.id
      where s.id > ${slice.after} and s.id <= ${slice.upto}),
    created as (
      insert into trader_products (trader_id, product_id, position, visibility, seen_updated_at,
                                   seen_status)
      select ${traderId}::uuid, id, ${firstPosition}::int + row_number() over (order by id), false,
             updated_at, status
      from mine where not known and status = 'active'
      returning 1),
    changed as (
      update trader_products tp
      set seen_updated_at = m.updated_at, seen_status = m.status
      from mine m
      where tp.trader_id = ${traderId} and tp.product_id = m.id and m.known
        and m.seen_updated_at < m.updated_at
      returning m.status, m.seen_status)
    select
      (select count(*) from created)::int as created,
      (select count(*) from changed
        where not (status = 'withdrawn' and seen_status = 'active'))::int as updated,
      (select count(*) from mine where known and seen_updated_at >= updated_at)::int as unchanged,
      (select count(*) from changed
        where status = 'withdrawn' and seen_status = 'active')::int as withdrawn`,
  );
  return row ?? { created: 0, updated: 0, unchanged: 0, withdrawn: 0 };
}

const MAX_POSITION = 2_147_483_647;

/**
 * The position after which new products join the trader's order. When the products new to this
 * catalog would not fit below int4's limit (a trader moved one to the very end by hand), the catalog
 * is numbered 1..n again first, keeping its order; a sync that brings nothing new renumbers nothing.
 */
export async function lastPosition(
  tx: Db,
  traderId: string,
  stage: SQL,
  staged: number,
): Promise<number> {
  const read = async () => {
    const [row] = await queryRows<{ last: number }>(
      tx,
      sql`select coalesce(max(position), 0)::int as last from trader_products
          where trader_id = ${traderId}`,
    );
    return row?.last ?? 0;
  };
  const last = await read();
  if (last <= MAX_POSITION - staged) return last;
  // Near the limit: only the active products this trader does not have yet take a position.
  const [row] = await queryRows<{ arriving: number }>(
    tx,
    sql`select count(*)::int as arriving
        from ${stage} s
        where s.status = 'active' and not exists (
          select 1 from trader_products tp where tp.trader_id = ${traderId} and tp.product_id = s.id)`,
  );
  if (last <= MAX_POSITION - (row?.arriving ?? 0)) return last;
  await lockCatalog(tx, traderId);
  await renumber(tx, traderId);
  return read();
}

/** Rows a run must write before it refreshes the planner's statistics (see `refreshStatistics`). */
export const ANALYZE_AFTER_ROWS = 1000;

/**
 * After a large sync the planner would still believe the tables small, until autovacuum comes by,
 * and plan the catalog list as a scan of every row. A fresh ANALYZE keeps the first page fast.
 */
export async function refreshStatistics(db: Db): Promise<void> {
  await db.execute(sql`analyze products, trader_products`);
}
