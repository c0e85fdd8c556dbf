import { type SQL, sql } from 'drizzle-orm';
import {
  bigintArray,
  intArray,
  jsonbArray,
  numericArray,
  textArray,
  timestamptzArray,
} from '#shared/db/arrays.ts';
import { type Db, queryRows } from '#shared/db/client.ts';
import type { ProductColumns } from './feed.ts';

/**
 * Where one run gathers the pages it pulls: a temporary table of its session (ADR 0008). It lives
 * outside the catalog, vanishes with the session, and keeps the run's memory to one page whatever
 * the size of the catalog. One row per product: a product met twice keeps its newest version.
 */
export async function createStage(db: Db, runId: string): Promise<SQL> {
  const stage = sql`${sql.identifier(`sync_stage_${runId.replaceAll('-', '_')}`)}`;
  await db.execute(sql`
    create temporary table ${stage} (
      id bigint primary key, sku text not null, name text not null, description text not null,
      price numeric(12, 2) not null, currency text not null, stock integer not null,
      category_id bigint, attributes jsonb not null, image_urls jsonb not null,
      status text not null, updated_at timestamptz not null)`);
  return stage;
}

export async function stagePage(db: Db, stage: SQL, p: ProductColumns): Promise<void> {
  if (p.id.length === 0) return;
  await db.execute(sql`
    insert into ${stage}
    select * from unnest(${bigintArray(p.id)}, ${textArray(p.sku)}, ${textArray(p.name)},
                         ${textArray(p.description)}, ${numericArray(p.price)},
                         ${textArray(p.currency)}, ${intArray(p.stock)},
                         ${bigintArray(p.categoryId)}, ${jsonbArray(p.attributes)},
                         ${jsonbArray(p.imageUrls)}, ${textArray(p.status)},
                         ${timestamptzArray(p.updatedAt)})
    on conflict (id) do update
      set sku = excluded.sku, name = excluded.name, description = excluded.description,
          price = excluded.price, currency = excluded.currency, stock = excluded.stock,
          category_id = excluded.category_id, attributes = excluded.attributes,
          image_urls = excluded.image_urls, status = excluded.status,
          updated_at = excluded.updated_at
      where ${stage}.updated_at <= excluded.updated_at`);
}

/** How many products the run gathered, and the newest change among them; statistics for the plans. */
export async function summarise(
  db: Db,
  stage: SQL,
): Promise<{ total: number; newest: string | null }> {
  await db.execute(sql`analyze ${stage}`);
  const [row] = await queryRows<{ total: number; newest: string | null }>(
    db,
    sql`select count(*)::int as total,
               to_char(max(updated_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as newest
        from ${stage}`,
  );
  return { total: row?.total ?? 0, newest: row?.newest ?? null };
}

/** The next slice of ids, in id order: `(after, upto]` holds `size` products, or the rest. */
export async function nextSlice(
  db: Db,
  stage: SQL,
  after: number,
  size: number,
): Promise<{ upto: number; count: number } | null> {
  const [row] = await queryRows<{ upto: string | null; count: number }>(
    db,
    sql`select max(id)::text as upto, count(*)::int as count
        from (select id from ${stage} where id > ${after} order by id limit ${size}) slice`,
  );
  return row?.upto ? { upto: Number(row.upto), count: row.count } : null;
}

export async function dropStage(db: Db, stage: SQL): Promise<void> {
  await db.execute(sql`drop table if exists ${stage}`);
}
