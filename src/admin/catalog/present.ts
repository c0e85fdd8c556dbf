import { fromCents, toCents } from '#shared/money.ts';
import type { AdminContext } from '../context.ts';
import type { CategoryRow, ProductRow } from './queries.ts';
import type { Category, Product } from './schemas.ts';

/** The service needs only the database, so the console, the CLI and the seed can call it too. */
export type CatalogContext = Pick<AdminContext, 'db'>;

export function presentProduct(row: ProductRow): Product {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    // numeric comes back as text; normalising through cents pins it to two places.
    price: fromCents(toCents(row.price)),
    currency: row.currency,
    stock: row.stock,
    category_id: row.categoryId,
    attributes: row.attributes,
    image_urls: row.imageUrls,
    status: row.status,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export function presentCategory(row: CategoryRow): Category {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    position: row.position,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
