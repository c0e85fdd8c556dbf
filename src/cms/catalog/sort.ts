import { type SQL, sql } from 'drizzle-orm';
import { ValidationFailed } from '#shared/errors.ts';
import { decodeCursor } from '#shared/pagination.ts';
import type { ProductSort } from './schemas.ts';

/** What a sort needs to know of a row to make a cursor. */
export interface SortableRow {
  id: number;
  position: number;
  name: string;
  price: string;
  stock: number;
}

type Column = 'position' | 'name' | 'price' | 'stock';

// Ties go by product id, taken from the same table as the key, so that one index serves the order:
// (trader_id, position, product_id) on trader_products, (name, id) and the like on products.
const COLUMNS: Record<Column, { expression: SQL; tieBreak: SQL; kind: 'number' | 'string' }> = {
  position: { expression: sql`tp.position`, tieBreak: sql`tp.product_id`, kind: 'number' },
  name: { expression: sql`p.name`, tieBreak: sql`p.id`, kind: 'string' },
  price: { expression: sql`p.price`, tieBreak: sql`p.id`, kind: 'string' },
  stock: { expression: sql`p.stock`, tieBreak: sql`p.id`, kind: 'number' },
};

const isInt32 = (value: unknown) =>
  Number.isSafeInteger(value) && (value as number) >= -2_147_483_648 && (value as number) < 2 ** 31;
const isMoney = (value: unknown) => typeof value === 'string' && /^\d{1,10}\.\d{2}$/.test(value);
const isText = (value: unknown) => typeof value === 'string' && !value.includes('\0');

/** Cursor values go into SQL as they are: anything PostgreSQL would refuse must be a 422 here. */
const VALID_KEY: Record<Column, (value: unknown) => boolean> = {
  position: isInt32,
  name: isText,
  price: isMoney,
  stock: isInt32,
};

const parse = (sort: ProductSort) => ({
  column: sort.replace('-', '') as Column,
  descending: sort.startsWith('-'),
});

/** `order by` for a sort: the sort key, then the product id in the same direction. */
export function orderBy(sort: ProductSort): SQL {
  const { column, descending } = parse(sort);
  const direction = descending ? sql.raw('desc') : sql.raw('asc');
  const { expression, tieBreak } = COLUMNS[column];
  return sql`${expression} ${direction}, ${tieBreak} ${direction}`;
}

/**
 * Rows after the cursor's, as one row comparison: on the default sort the (trader_id, position,
 * product_id) index serves it directly.
 */
export function after(sort: ProductSort, key: readonly [string | number, number]): SQL {
  const { column, descending } = parse(sort);
  const operator = descending ? sql.raw('<') : sql.raw('>');
  const { expression, tieBreak } = COLUMNS[column];
  return sql`(${expression}, ${tieBreak}) ${operator} (${key[0]}, ${key[1]})`;
}

/** A cursor names its sort, so a cursor of one sort cannot be replayed on another. */
export function cursorKey(sort: ProductSort, row: SortableRow): [string, string | number, number] {
  return [sort, row[parse(sort).column], row.id];
}

export function decodeProductCursor(
  sort: ProductSort,
  cursor: string,
): readonly [string | number, number] {
  const column = parse(sort).column;
  const [cursorSort, key, id] = decodeCursor(cursor, ['string', COLUMNS[column].kind, 'number']);
  if (cursorSort !== sort || !VALID_KEY[column](key)) {
    throw new ValidationFailed([
      {
        field: 'cursor',
        location: 'querystring',
        code: 'invalid_cursor',
        message: 'is not a cursor this list gave out',
      },
    ]);
  }
  return [key, id];
}
