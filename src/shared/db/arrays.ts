import { type SQL, sql } from 'drizzle-orm';

/**
 * Arrays as SQL parameters for set-based statements (`unnest(...)`, `= any(...)`). They travel as
 * array literals with an explicit cast, which both drivers (pg and PGlite) pass through alike.
 */
function arrayLiteral(values: readonly (string | number | null)[]): string {
  const items = values.map((value) => {
    if (value === null) return 'NULL';
    if (typeof value === 'number') return String(value);
    return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  });
  return `{${items.join(',')}}`;
}

export const bigintArray = (values: readonly (number | null)[]): SQL =>
  sql`${arrayLiteral(values)}::bigint[]`;
export const intArray = (values: readonly number[]): SQL => sql`${arrayLiteral(values)}::int[]`;
export const textArray = (values: readonly (string | null)[]): SQL =>
  sql`${arrayLiteral(values)}::text[]`;
export const numericArray = (values: readonly string[]): SQL =>
  sql`${arrayLiteral(values)}::numeric[]`;
/** JSON documents given as their text (JSON.stringify), stored as jsonb. */
export const jsonbArray = (values: readonly string[]): SQL => sql`${arrayLiteral(values)}::jsonb[]`;
/** Instants as ISO 8601 strings. */
export const timestamptzArray = (values: readonly string[]): SQL =>
  sql`${arrayLiteral(values)}::timestamptz[]`;
