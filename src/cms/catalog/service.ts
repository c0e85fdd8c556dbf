import { Readable } from 'node:stream';
import { record } from '#shared/audit/record.ts';
import type { RequestContext } from '#shared/audit/request-context.ts';
import { csvLine } from '#shared/csv.ts';
import { NotFound } from '#shared/errors.ts';
import { toPage } from '#shared/pagination.ts';
import type { CmsContext } from '../context.ts';
import { imagesOf } from '../images/queries.ts';
import type { LocalImage } from '../images/schemas.ts';
import {
  getProduct,
  type LocalFields,
  listProducts,
  lockLocalFields,
  type ProductRow,
  updateLocalFields,
} from './queries.ts';
import type { CatalogProduct, ProductListFilters, ProductPatch, ProductSort } from './schemas.ts';
import { cursorKey, decodeProductCursor } from './sort.ts';

export function present(row: ProductRow, localImages: LocalImage[] = []): CatalogProduct {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    price: row.price,
    currency: row.currency,
    stock: row.stock,
    category:
      row.category_id === null
        ? null
        : { id: row.category_id, slug: row.category_slug ?? '', name: row.category_name ?? '' },
    attributes: row.attributes,
    images: row.image_urls,
    status: row.status,
    local_description: row.local_description,
    local_images: localImages,
    visibility: row.visibility,
    position: row.position,
    seo_title: row.seo_title,
    seo_description: row.seo_description,
    updated_at: row.updated_at,
  };
}

export async function listCatalog(
  ctx: CmsContext,
  traderId: string,
  query: ProductListFilters & { sort: ProductSort; limit: number; cursor?: string | undefined },
) {
  const after = query.cursor ? decodeProductCursor(query.sort, query.cursor) : undefined;
  const rows = await listProducts(ctx.db, traderId, query, { after, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const images = await imagesOf(
    ctx.db,
    traderId,
    page.map((row) => row.id),
  );
  return toPage(
    rows,
    query.limit,
    (row) => cursorKey(query.sort, row),
    (row) => present(row, images.get(row.id)),
  );
}

const EXPORT_PAGE = 1000;
const EXPORT_COLUMNS = [
  'id',
  'sku',
  'name',
  'price',
  'currency',
  'stock',
  'category',
  'status',
  'visibility',
  'position',
  'local_description',
  'seo_title',
  'seo_description',
  'local_images',
  'updated_at',
] as const;

/**
 * The whole filtered catalog as CSV, in the list's order, read a thousand rows at a time so that a
 * catalog of 100,000 products never sits in memory at once.
 */
export function exportCatalog(
  ctx: CmsContext,
  traderId: string,
  query: ProductListFilters & { sort: ProductSort },
): Readable {
  async function* lines() {
    yield csvLine(EXPORT_COLUMNS);
    let after: readonly [string | number, number] | undefined;
    for (;;) {
      const rows = await listProducts(ctx.db, traderId, query, { after, limit: EXPORT_PAGE });
      const images = await imagesOf(
        ctx.db,
        traderId,
        rows.map((row) => row.id),
      );
      for (const row of rows) {
        const item = present(row, images.get(row.id));
        yield csvLine(
          EXPORT_COLUMNS.map((column) =>
            column === 'category'
              ? item.category?.name
              : column === 'local_images'
                ? item.local_images.length
                : item[column],
          ),
        );
      }
      const last = rows.at(-1);
      if (!last || rows.length < EXPORT_PAGE) return;
      const [, key, id] = cursorKey(query.sort, last);
      after = [key, id];
    }
  }
  return Readable.from(lines());
}

export async function getCatalogProduct(
  ctx: CmsContext,
  traderId: string,
  productId: number,
): Promise<CatalogProduct> {
  const row = await getProduct(ctx.db, traderId, productId);
  if (!row) throw new NotFound('Product');
  const images = await imagesOf(ctx.db, traderId, [productId]);
  return present(row, images.get(productId));
}

/**
 * Changes the trader's own fields of one product. Only fields whose value differs are written and
 * audited; a PATCH that changes nothing writes nothing.
 */
export async function updateCatalogProduct(
  ctx: CmsContext,
  traderId: string,
  productId: number,
  patch: ProductPatch,
  context: RequestContext,
): Promise<CatalogProduct> {
  await ctx.db.transaction(async (tx) => {
    const current = await lockLocalFields(tx, traderId, productId);
    if (!current) throw new NotFound('Product');
    const before: Partial<LocalFields> = {};
    const after: Partial<LocalFields> = {};
    for (const [field, value] of Object.entries(patch) as [keyof LocalFields, unknown][]) {
      if (current[field] === value) continue;
      Object.assign(before, { [field]: current[field] });
      Object.assign(after, { [field]: value });
    }
    if (Object.keys(after).length === 0) return;
    await updateLocalFields(tx, traderId, productId, after);
    await record(tx, {
      traderId,
      actor: { type: 'trader', id: traderId },
      action: 'product_updated',
      entity: { type: 'product', id: String(productId) },
      changes: { before, after },
      context,
    });
  });
  return getCatalogProduct(ctx, traderId, productId);
}
