import { Conflict, NotFound, ValidationFailed } from '#shared/errors.ts';
import { type CatalogContext, presentProduct } from './present.ts';
import * as queries from './queries.ts';
import { MAX_STOCK, MAX_STOCK_IDS, type Product, type StockList } from './schemas.ts';

/** Sets the stock, or adjusts it atomically; an adjustment never takes it below zero. */
export async function setStock(
  ctx: CatalogContext,
  id: number,
  change: { set?: number | undefined; adjust?: number | undefined },
): Promise<Product> {
  const { set, adjust } = change;
  if ((set === undefined) === (adjust === undefined)) {
    const message = 'send exactly one of set and adjust';
    throw new ValidationFailed([
      { field: 'set', location: 'body', code: 'one_of', message },
      { field: 'adjust', location: 'body', code: 'one_of', message },
    ]);
  }
  if (set !== undefined) {
    const row = await queries.updateProduct(ctx.db, id, { stock: set });
    if (!row) throw new NotFound('Product');
    return presentProduct(row);
  }
  const delta = adjust as number;
  const row = await queries.adjustStock(ctx.db, id, delta);
  if (row) return presentProduct(row);
  // The update matched nothing: say why, from the row as it is now.
  const current = await queries.getProduct(ctx.db, id);
  if (!current) throw new NotFound('Product');
  if (current.stock + delta < 0) {
    throw new Conflict('insufficient_stock', 'There is not enough stock to take that many.', [
      { product_id: id, requested: -delta, available: current.stock },
    ]);
  }
  throw new ValidationFailed([
    {
      field: 'adjust',
      location: 'body',
      code: 'out_of_range',
      message: `would take the stock above ${MAX_STOCK}`,
    },
  ]);
}

/** Live stock of up to 100 products, from "1,2,3"; unknown ids are simply absent. */
export async function listStock(ctx: CatalogContext, ids: string): Promise<StockList> {
  const parts = ids.split(',').map((part) => part.trim());
  const invalid = (message: string) =>
    new ValidationFailed([
      { field: 'ids', location: 'querystring', code: 'invalid_value', message },
    ]);
  if (parts.length > MAX_STOCK_IDS) throw invalid(`may name at most ${MAX_STOCK_IDS} products`);
  if (parts.some((part) => !/^[1-9][0-9]{0,14}$/.test(part))) {
    throw invalid('must be positive integer ids separated by commas');
  }
  const rows = await queries.listStock(ctx.db, [...new Set(parts.map(Number))]);
  return {
    items: rows.map((row) => ({ product_id: row.id, stock: row.stock, status: row.status })),
  };
}
