import { NotFound } from '#shared/errors.ts';
import { DEFAULT_LIMIT, decodeCursor, toPage } from '#shared/pagination.ts';
import { type CatalogContext, presentProduct } from './present.ts';
import * as queries from './queries.ts';
import type {
  OperatorProductQuery,
  Product,
  ProductChangesPage,
  ProductChangesQuery,
  ProductCreate,
  ProductPage,
  ProductPatch,
} from './schemas.ts';
import { translateViolations } from './violations.ts';

export { createCategory, listCategories, updateCategory } from './categories.ts';
export type { CatalogContext } from './present.ts';
export { listStock, setStock } from './stock.ts';

type WithOptionalPage<T> = Omit<T, 'limit'> & { limit?: number | undefined };
export type ProductListQuery = WithOptionalPage<OperatorProductQuery>;
export type ProductChangesInput = WithOptionalPage<ProductChangesQuery>;

/** Operators' list: newest first, filtered by text, status and category. */
export async function listProducts(
  ctx: CatalogContext,
  query: ProductListQuery,
): Promise<ProductPage> {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const afterId = query.cursor ? decodeCursor(query.cursor, ['number'])[0] : undefined;
  const rows = await queries.listProducts(
    ctx.db,
    {
      ...(query.q ? { q: query.q } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.category_id ? { categoryId: query.category_id } : {}),
      ...(afterId ? { afterId } : {}),
    },
    limit,
  );
  return toPage(rows, limit, (row) => [row.id], presentProduct);
}

/** Traders' sync feed: every product, withdrawn ones included, oldest change first. */
export async function listProductChanges(
  ctx: CatalogContext,
  query: ProductChangesInput,
): Promise<ProductChangesPage> {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const since = query.updated_since ? new Date(query.updated_since) : undefined;
  const after = query.cursor
    ? (([updatedAt, id]) => ({ updatedAt, id }))(decodeCursor(query.cursor, ['date', 'number']))
    : undefined;
  const rows = await queries.listProductChanges(
    ctx.db,
    { ...(since ? { since } : {}), ...(after ? { after } : {}) },
    limit,
  );
  const page = toPage(rows, limit, (row) => [row.updatedAt, row.id], presentProduct);
  if (after) return page;
  const total =
    rows.length > limit ? await queries.countProductChanges(ctx.db, since) : rows.length;
  return { ...page, total };
}

export async function getProduct(ctx: CatalogContext, id: number): Promise<Product> {
  const row = await queries.getProduct(ctx.db, id);
  if (!row) throw new NotFound('Product');
  return presentProduct(row);
}

export async function createProduct(ctx: CatalogContext, input: ProductCreate): Promise<Product> {
  const row = await translateViolations(() =>
    queries.insertProduct(ctx.db, {
      ...toValues(input),
      sku: input.sku,
      name: input.name.trim(),
      price: input.price,
    }),
  );
  return presentProduct(row);
}

export async function updateProduct(
  ctx: CatalogContext,
  id: number,
  patch: ProductPatch,
): Promise<Product> {
  const row = await translateViolations(() => queries.updateProduct(ctx.db, id, toValues(patch)));
  if (!row) throw new NotFound('Product');
  return presentProduct(row);
}

/** Takes a product out of the catalog; the row stays, for order history and so syncs see it go. */
export function withdrawProduct(ctx: CatalogContext, id: number): Promise<Product> {
  return changeStatus(ctx, id, 'withdrawn');
}

export function restoreProduct(ctx: CatalogContext, id: number): Promise<Product> {
  return changeStatus(ctx, id, 'active');
}

/** Idempotent: a product that already has the status is answered as it is, unchanged. */
async function changeStatus(ctx: CatalogContext, id: number, status: Product['status']) {
  const row = await queries.changeStatus(ctx.db, id, status);
  return row ? presentProduct(row) : getProduct(ctx, id);
}

function toValues(input: ProductPatch): queries.ProductValues {
  return {
    ...(input.name !== undefined ? { name: input.name.trim() } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.price !== undefined ? { price: input.price } : {}),
    ...(input.currency !== undefined ? { currency: input.currency } : {}),
    ...(input.stock !== undefined ? { stock: input.stock } : {}),
    ...(input.category_id !== undefined ? { categoryId: input.category_id } : {}),
    ...(input.attributes !== undefined
      ? { attributes: input.attributes as Record<string, unknown> }
      : {}),
    ...(input.image_urls !== undefined ? { imageUrls: input.image_urls } : {}),
  };
}
