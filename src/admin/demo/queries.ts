import { eq, sql } from 'drizzle-orm';
import { type Db, queryRows } from '#shared/db/client.ts';
import { categories, products } from '#shared/db/schema/admin.ts';
import type { DemoCategory } from './generate.ts';

/**
 * Holds off other writers of products (and a second seed) until the transaction ends, so two
 * processes starting at once cannot both find the catalog empty.
 */
export async function lockProducts(tx: Db): Promise<void> {
  await tx.execute(sql`lock table ${products} in share row exclusive mode`);
}

export async function hasProducts(db: Db): Promise<boolean> {
  const [row] = await queryRows<{ found: boolean }>(
    db,
    sql`select exists (select 1 from ${products}) as found`,
  );
  return row?.found === true;
}

/** Inserts the categories, reusing any an operator already made with the same slug. */
export async function upsertCategories(db: Db, rows: readonly DemoCategory[]) {
  const saved = await db
    .insert(categories)
    .values([...rows])
    .onConflictDoUpdate({ target: categories.slug, set: { slug: sql`excluded.slug` } })
    .returning({ id: categories.id, slug: categories.slug });
  return new Map(saved.map((row) => [row.slug, row.id]));
}

export async function insertProducts(db: Db, rows: (typeof products.$inferInsert)[]) {
  const saved = await db.insert(products).values(rows).returning({ id: products.id });
  return saved.length;
}

export async function findProductBySku(db: Db, sku: string) {
  const [row] = await db
    .select({ sku: products.sku, name: products.name })
    .from(products)
    .where(eq(products.sku, sku));
  return row ?? null;
}
