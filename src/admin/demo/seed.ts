import type { Db } from '#shared/db/client.ts';
import { buildDemoCatalog } from './generate.ts';
import * as queries from './queries.ts';

/**
 * Seeds the demo catalog (12 categories, 200 products) in one transaction, with one INSERT per
 * table, and only into a catalog without products; answers null when there were some already.
 * `publicBaseUrl` is where this Admin is reached from outside, e.g. http://localhost:8080.
 */
export async function seedDemoCatalog(
  db: Db,
  publicBaseUrl: string,
): Promise<{ categories: number; products: number } | null> {
  const catalog = buildDemoCatalog(publicBaseUrl);
  return db.transaction(async (tx) => {
    await queries.lockProducts(tx);
    if (await queries.hasProducts(tx)) return null;
    const categoryIds = await queries.upsertCategories(tx, catalog.categories);
    const products = await queries.insertProducts(
      tx,
      catalog.products.map(({ categorySlug, ...product }) => ({
        ...product,
        categoryId: categoryIds.get(categorySlug) ?? null,
      })),
    );
    return { categories: categoryIds.size, products };
  });
}
