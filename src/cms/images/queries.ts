import { and, eq, sql } from 'drizzle-orm';
import { bigintArray, textArray } from '#shared/db/arrays.ts';
import { type Db, queryRows } from '#shared/db/client.ts';
import { traderProductImages as i } from '#shared/db/schema/app.ts';
import type { LocalImage } from './schemas.ts';
import { imageUrl } from './urls.ts';

interface ImageRow {
  id: string;
  product_id: number;
  width: number;
  height: number;
  bytes: number;
  position: number;
}

const present = (traderId: string, row: Omit<ImageRow, 'product_id'>): LocalImage => ({
  id: row.id,
  url: imageUrl(traderId, row.id),
  thumbnail_url: imageUrl(traderId, row.id, true),
  width: row.width,
  height: row.height,
  bytes: row.bytes,
  position: row.position,
});

/** The trader's own images of the given products, in their order, by product id. */
export async function imagesOf(
  db: Db,
  traderId: string,
  productIds: readonly number[],
): Promise<Map<number, LocalImage[]>> {
  const byProduct = new Map<number, LocalImage[]>();
  if (productIds.length === 0) return byProduct;
  const rows = await queryRows<ImageRow>(
    db,
    sql`select id, product_id, width, height, bytes, position
        from trader_product_images
        where trader_id = ${traderId} and product_id = any(${bigintArray(productIds)})
        order by product_id, position, created_at, id`,
  );
  for (const row of rows) {
    const images = byProduct.get(Number(row.product_id)) ?? [];
    images.push(present(traderId, row));
    byProduct.set(Number(row.product_id), images);
  }
  return byProduct;
}

/**
 * Whether the product is in the trader's catalog. `lock` holds its catalog row to the end of the
 * transaction, so that concurrent changes to one product's images take turns (count, positions).
 */
export async function inCatalog(db: Db, traderId: string, productId: number, lock = false) {
  const rows = await queryRows<{ found: number }>(
    db,
    sql`select 1 as found from trader_products
        where trader_id = ${traderId} and product_id = ${productId}
        ${lock ? sql`for update` : sql``}`,
  );
  return rows.length > 0;
}

/** The product's image count and the position a new image takes. */
export async function imageSlots(db: Db, traderId: string, productId: number) {
  const [row] = await queryRows<{ count: number; next: number }>(
    db,
    sql`select count(*)::int as count, coalesce(max(position), 0)::int + 1 as next
        from trader_product_images where trader_id = ${traderId} and product_id = ${productId}`,
  );
  return row ?? { count: 0, next: 1 };
}

export async function insertImage(
  db: Db,
  values: {
    id: string;
    traderId: string;
    productId: number;
    position: number;
    width: number;
    height: number;
    bytes: number;
  },
): Promise<LocalImage> {
  const [row] = await db.insert(i).values(values).returning({
    id: i.id,
    width: i.width,
    height: i.height,
    bytes: i.bytes,
    position: i.position,
  });
  if (!row) throw new Error('insert returned no row');
  return present(values.traderId, row);
}

/** Removes one image and closes the gap in the positions; answers the removed row, if any. */
export async function deleteImage(db: Db, traderId: string, productId: number, imageId: string) {
  const [row] = await db
    .delete(i)
    .where(and(eq(i.traderId, traderId), eq(i.productId, productId), eq(i.id, imageId)))
    .returning({ id: i.id, position: i.position, width: i.width, height: i.height });
  if (row) {
    await db.execute(
      sql`update trader_product_images set position = position - 1
          where trader_id = ${traderId} and product_id = ${productId} and position > ${row.position}`,
    );
  }
  return row ?? null;
}

/** The product's image ids in their current order. */
export async function imageIds(db: Db, traderId: string, productId: number): Promise<string[]> {
  const rows = await db
    .select({ id: i.id })
    .from(i)
    .where(and(eq(i.traderId, traderId), eq(i.productId, productId)))
    .orderBy(i.position, i.createdAt, i.id);
  return rows.map((row) => row.id);
}

/** Gives the images positions 1..n in the order of `ids`, in one statement. */
export async function setImageOrder(
  db: Db,
  traderId: string,
  productId: number,
  ids: readonly string[],
) {
  await db.execute(
    sql`update trader_product_images as img set position = o.ord
        from unnest(${textArray(ids)}) with ordinality as o(id, ord)
        where img.trader_id = ${traderId} and img.product_id = ${productId} and img.id = o.id::uuid`,
  );
}
