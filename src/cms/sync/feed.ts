import type { AdminClient } from '#shared/admin-client/client.ts';
import type { AdminCategory, AdminProduct } from '#shared/admin-client/schemas.ts';
import { UpstreamFailed } from '#shared/errors.ts';

/** Products per request: the largest page of the Admin's sync feed. */
export const FEED_PAGE = 1000;

/** One page of products, column by column: the shape a set-based insert (`unnest`) takes. */
export interface ProductColumns {
  id: number[];
  sku: string[];
  name: string[];
  description: string[];
  price: string[];
  currency: string[];
  stock: number[];
  categoryId: (number | null)[];
  /** JSON text, stored as jsonb. */
  attributes: string[];
  imageUrls: string[];
  status: ('active' | 'withdrawn')[];
  updatedAt: string[];
}

export type FeedProgress = (fetched: number, total: number | null) => void | Promise<void>;

/**
 * Pulls the categories, then every product changed since `since`, page by page (keyset), checking
 * each record; `keep` takes each checked page. Nothing of the catalog is written here: a failure on
 * any page leaves it as it was. Answers the categories, which are few and come whole.
 */
export async function pullCatalog(
  admin: AdminClient,
  apiKey: string,
  since: string | undefined,
  keep: (page: ProductColumns) => Promise<void>,
  progress: FeedProgress,
  pageSize = FEED_PAGE,
): Promise<AdminCategory[]> {
  const categories = (await admin.listCategories(apiKey)).items;
  checkCategories(categories);
  let fetched = 0;
  let total: number | null = null;
  let cursor: string | undefined;
  do {
    const page = await admin.listProducts(apiKey, {
      limit: pageSize,
      ...(since ? { updated_since: since } : {}),
      ...(cursor ? { cursor } : {}),
    });
    if (total === null) total = page.total ?? null;
    cursor = page.next_cursor ?? undefined;
    fetched += page.items.length;
    await keep(toColumns(page.items));
    await progress(fetched, total === null ? null : Math.max(total, fetched));
  } while (cursor);
  return categories;
}

const MAX_INT4 = 2_147_483_647;

/** Categories go into the same transaction: a bad one is the Admin's fault (502), not ours (500). */
function checkCategories(categories: readonly AdminCategory[]): void {
  const seen = new Set<number>();
  for (const category of categories) {
    const problem =
      !Number.isSafeInteger(category.id) || category.id < 1
        ? 'its id is not a positive integer'
        : seen.has(category.id)
          ? 'it comes twice'
          : Number.isNaN(Date.parse(category.updated_at))
            ? 'its updated_at is not an instant'
            : Math.abs(category.position) > MAX_INT4
              ? 'its position is out of range'
              : null;
    if (problem)
      throw new UpstreamFailed(
        502,
        `The Admin API sent an invalid category (${category.id}): ${problem}.`,
      );
    seen.add(category.id);
  }
}

/** What the schema cannot say: sane ids, instants that parse, and images only over http(s). */
function checkProduct(product: AdminProduct): void {
  const problem =
    !Number.isSafeInteger(product.id) || product.id < 1
      ? 'its id is not a positive integer'
      : Number.isNaN(Date.parse(product.updated_at))
        ? 'its updated_at is not an instant'
        : product.image_urls.some((url) => !/^https?:\/\/\S+$/i.test(url))
          ? 'an image URL is not an http(s) URL'
          : product.category_id !== null && !Number.isSafeInteger(product.category_id)
            ? 'its category_id is not an integer'
            : product.stock > MAX_INT4
              ? 'its stock is out of range'
              : null;
  if (problem)
    throw new UpstreamFailed(
      502,
      `The Admin API sent an invalid product (${product.id}): ${problem}.`,
    );
}

/** Checks each record and lays the page out in columns. */
function toColumns(products: readonly AdminProduct[]): ProductColumns {
  const columns: ProductColumns = {
    id: [],
    sku: [],
    name: [],
    description: [],
    price: [],
    currency: [],
    stock: [],
    categoryId: [],
    attributes: [],
    imageUrls: [],
    status: [],
    updatedAt: [],
  };
  for (const product of products) {
    checkProduct(product);
    columns.id.push(product.id);
    columns.sku.push(product.sku);
    columns.name.push(product.name);
    columns.description.push(product.description);
    columns.price.push(product.price);
    columns.currency.push(product.currency);
    columns.stock.push(product.stock);
    columns.categoryId.push(product.category_id);
    columns.attributes.push(JSON.stringify(product.attributes));
    columns.imageUrls.push(JSON.stringify(product.image_urls));
    columns.status.push(product.status);
    // ISO 8601 in UTC with milliseconds, as PostgreSQL reads it whatever form the Admin used.
    columns.updatedAt.push(new Date(product.updated_at).toISOString());
  }
  return columns;
}
