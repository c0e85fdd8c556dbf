import { sql } from 'drizzle-orm';
import { bigintArray } from '#shared/db/arrays.ts';
import { type Db, queryRows } from '#shared/db/client.ts';
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
    images.push({
      id: row.id,
      url: imageUrl(traderId, row.id),
      thumbnail_url: imageUrl(traderId, row.id, true),
      width: row.width,
      height: row.height,
      bytes: row.bytes,
      position: row.position,
    });
    byProduct.set(Number(row.product_id), images);
  }
  return byProduct;
}
