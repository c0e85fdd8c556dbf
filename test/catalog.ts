/**
 * Puts products straight into the CMS's synced catalog and into one trader's catalog, for tests of
 * the catalog and images (sync has tests of its own, against a real Admin).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '#shared/db/client.ts';
import { products, traderProducts } from '#shared/db/schema/app.ts';

export interface ProductSpec {
  name?: string;
  sku?: string;
  price?: string;
  stock?: number;
  status?: 'active' | 'withdrawn';
  categoryId?: number | null;
  visibility?: boolean;
}

let nextId = 1_000_000;

/** Creates the products and adds them to the trader's catalog in the given order; answers their ids. */
export async function seedCatalog(
  db: Db,
  traderId: string,
  specs: readonly ProductSpec[],
): Promise<number[]> {
  const now = new Date();
  const rows = specs.map((spec) => {
    nextId += 1;
    return {
      id: nextId,
      sku: spec.sku ?? `SKU-${randomUUID().slice(0, 12)}`,
      name: spec.name ?? `Product ${nextId}`,
      description: `Central description of ${nextId}`,
      price: spec.price ?? '19.90',
      currency: 'EUR',
      stock: spec.stock ?? 10,
      categoryId: spec.categoryId ?? null,
      attributes: { colour: 'blue' },
      imageUrls: [`http://127.0.0.1:8080/media/products/${nextId}.svg`],
      status: spec.status ?? 'active',
      upstreamUpdatedAt: now,
    };
  });
  await db.insert(products).values(rows);
  const [{ start } = { start: 0 }] = await queryRows<{ start: number }>(
    db,
    sql`select coalesce(max(position), 0)::int as start from trader_products
        where trader_id = ${traderId}`,
  );
  await db.insert(traderProducts).values(
    rows.map((row, index) => ({
      traderId,
      productId: row.id,
      visibility: specs[index]?.visibility ?? false,
      position: start + index + 1,
      seenUpdatedAt: now,
      seenStatus: row.status,
    })),
  );
  return rows.map((row) => row.id);
}

/** Adds products that already exist (e.g. seeded for another trader) to a trader's catalog. */
export async function addToCatalog(db: Db, traderId: string, productIds: readonly number[]) {
  await db.insert(traderProducts).values(
    productIds.map((productId, index) => ({
      traderId,
      productId,
      position: index + 1,
      seenUpdatedAt: new Date(),
      seenStatus: 'active' as const,
    })),
  );
}
