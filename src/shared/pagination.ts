import { type TSchema, Type } from 'typebox';
import { ValidationFailed } from './errors.ts';

/**
 * Keyset pagination (DESIGN.md §4): `?limit=&cursor=` → `{ items, next_cursor }`. A cursor is the sort
 * key of the last row served, base64url-encoded JSON; a tampered one answers 422.
 */
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

export const PageQuery = {
  limit: Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT }),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
};

export function PageSchema<T extends TSchema>(item: T, $id?: string) {
  return Type.Object(
    {
      items: Type.Array(item),
      next_cursor: Type.Union([Type.String(), Type.Null()], {
        description: 'Pass as `cursor` for the next page; null on the last page.',
      }),
    },
    $id ? { $id } : {},
  );
}

export type CursorPart = string | number;
type PartKind = 'string' | 'uuid' | 'number' | 'date';
type PartValue<K extends PartKind> = K extends 'number' ? number : K extends 'date' ? Date : string;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(parts: readonly (CursorPart | Date)[]): string {
  return Buffer.from(
    JSON.stringify(parts.map((part) => (part instanceof Date ? part.toISOString() : part))),
  ).toString('base64url');
}

/** Decodes a cursor of the given shape, or answers 422 naming `cursor`. */
export function decodeCursor<const K extends readonly PartKind[]>(
  cursor: string,
  kinds: K,
): { [I in keyof K]: PartValue<K[I]> } {
  const invalid = () =>
    new ValidationFailed([
      {
        field: 'cursor',
        location: 'querystring',
        code: 'invalid_cursor',
        message: 'is not a cursor this list gave out',
      },
    ]);
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parts) || parts.length !== kinds.length) throw invalid();
  return parts.map((part, index) => {
    const kind = kinds[index];
    if (kind === 'number' && Number.isSafeInteger(part)) return part;
    if (kind === 'string' && typeof part === 'string') return part;
    if (kind === 'uuid' && typeof part === 'string' && UUID.test(part)) return part;
    // Parts go into SQL as they are: anything PostgreSQL would refuse must be a 422 here.
    if (kind === 'date' && typeof part === 'string') {
      const date = new Date(part);
      const year = date.getUTCFullYear();
      if (!Number.isNaN(date.getTime()) && year >= 1 && year <= 9999) return date;
    }
    throw invalid();
  }) as { [I in keyof K]: PartValue<K[I]> };
}

/**
 * Cuts the `limit + 1` rows a query fetched into a page: the extra row only tells that there is more.
 */
export function toPage<Row, Item = Row>(
  rows: readonly Row[],
  limit: number,
  keyOf: (row: Row) => readonly (CursorPart | Date)[],
  present: (row: Row) => Item = (row) => row as unknown as Item,
): { items: Item[]; next_cursor: string | null } {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(present),
    next_cursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}
