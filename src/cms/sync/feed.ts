import type { AdminClient } from '#shared/admin-client/client.ts';
import type { AdminCategory, AdminProduct } from '#shared/admin-client/schemas.ts';
import { UpstreamFailed } from '#shared/errors.ts';

/** Products per request: the largest page of the Admin's sync feed. */
export const FEED_PAGE = 1000;

/**
 * Everything one sync pulled, column by column: the shape the set-based upserts take, and far
 * smaller in memory than 100,000 objects. Sorted by id, one entry per product.
 */
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

export interface Pulled {
  categories: AdminCategory[];
  products: ProductColumns;
  /** The newest upstream change among the products, or null when none came. */
  newest: string | null;
}

export type FeedProgress = (fetched: number, total: number | null) => void | Promise<void>;

/**
 * Pulls the categories, then every product changed since `since`, page by page (keyset), checking
 * each record. Nothing is written here: a failure on any page leaves the database as it was.
 */
export async function pullCatalog(
  admin: AdminClient,
  apiKey: string,
  since: string | undefined,
  progress: FeedProgress,
  pageSize = FEED_PAGE,
): Promise<Pulled> {
  const categories = (await admin.listCategories(apiKey)).items;
  checkCategories(categories);
  const columns = emptyColumns();
  // A product changed while we page comes again; its newest version wins, in place.
  const slotOf = new Map<number, number>();
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
    for (const product of page.items) {
      checkProduct(product);
      const slot = slotOf.get(product.id);
      if (slot === undefined) {
        slotOf.set(product.id, columns.id.length);
        put(columns, columns.id.length, product);
      } else if ((columns.updatedAt[slot] as string) <= isoInstant(product.updated_at)) {
        put(columns, slot, product);
      }
    }
    fetched += page.items.length;
    await progress(fetched, total === null ? null : Math.max(total, fetched));
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  const products = sortedById(columns);
  const newest = products.updatedAt.reduce<string | null>(
    (max, instant) => (max === null || instant > max ? instant : max),
    null,
  );
  return { categories, products, newest };
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

const isoInstant = (text: string) => new Date(text).toISOString();

function emptyColumns(): ProductColumns {
  return {
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
}

function put(columns: ProductColumns, slot: number, product: AdminProduct): void {
  columns.id[slot] = product.id;
  columns.sku[slot] = product.sku;
  columns.name[slot] = product.name;
  columns.description[slot] = product.description;
  columns.price[slot] = product.price;
  columns.currency[slot] = product.currency;
  columns.stock[slot] = product.stock;
  columns.categoryId[slot] = product.category_id;
  columns.attributes[slot] = JSON.stringify(product.attributes);
  columns.imageUrls[slot] = JSON.stringify(product.image_urls);
  columns.status[slot] = product.status;
  // ISO 8601 in UTC with milliseconds: compares as text and as time alike.
  columns.updatedAt[slot] = isoInstant(product.updated_at);
}

/** Ascending ids: every sync locks shared rows in the same order, so two traders never deadlock. */
function sortedById(columns: ProductColumns): ProductColumns {
  const order = columns.id
    .map((_, slot) => slot)
    .sort((a, b) => (columns.id[a] as number) - (columns.id[b] as number));
  const sorted = emptyColumns();
  for (const key of Object.keys(columns) as (keyof ProductColumns)[]) {
    const from = columns[key] as unknown[];
    (sorted[key] as unknown[]) = order.map((slot) => from[slot]);
  }
  return sorted;
}
