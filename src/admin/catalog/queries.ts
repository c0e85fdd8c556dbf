import { and, asc, desc, eq, gte, ilike, inArray, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '#shared/db/client.ts';
import { categories as c, type ProductStatus, products as p } from '#shared/db/schema/admin.ts';
import { MAX_STOCK } from './schemas.ts';

const columns = {
  id: p.id,
  sku: p.sku,
  name: p.name,
  description: p.description,
  price: p.price,
  currency: p.currency,
  stock: p.stock,
  categoryId: p.categoryId,
  attributes: p.attributes,
  imageUrls: p.imageUrls,
  status: p.status,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
};
export type ProductRow = Awaited<ReturnType<typeof getProduct>> & {};
export type ProductValues = Partial<Omit<typeof p.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>>;

/**
 * The new updated_at of a changed row. Strictly later than the old one even within one millisecond,
 * because the traders' sync pages on (updated_at, id) and must see every change.
 */
export const touched = (updatedAt: AnyPgColumn) =>
  sql`greatest(clock_timestamp(), ${updatedAt} + interval '1 millisecond')`;

/** The constraint a failed statement violated (unique or foreign key), from either driver. */
export function violatedConstraint(error: unknown): string | undefined {
  for (let e = error; e instanceof Error; e = e.cause) {
    const { code, constraint } = e as { code?: string; constraint?: string };
    if ((code === '23505' || code === '23503') && constraint) return constraint;
  }
  return undefined;
}

export async function getProduct(db: Db, id: number) {
  const [row] = await db.select(columns).from(p).where(eq(p.id, id));
  return row ?? null;
}

export async function insertProduct(
  db: Db,
  values: ProductValues & Pick<typeof p.$inferInsert, 'sku' | 'name' | 'price'>,
) {
  const [row] = await db.insert(p).values(values).returning(columns);
  return row as ProductRow;
}

export async function updateProduct(db: Db, id: number, values: ProductValues) {
  const [row] = await db
    .update(p)
    .set({ ...values, updatedAt: touched(p.updatedAt) })
    .where(eq(p.id, id))
    .returning(columns);
  return row ?? null;
}

/** Changes the status; answers null when the product is missing or already has it. */
export async function changeStatus(db: Db, id: number, status: ProductStatus) {
  const [row] = await db
    .update(p)
    .set({ status, updatedAt: touched(p.updatedAt) })
    .where(and(eq(p.id, id), ne(p.status, status)))
    .returning(columns);
  return row ?? null;
}

/** Adds `adjust` in one statement, so parallel adjustments never lose one or go below zero. */
export async function adjustStock(db: Db, id: number, adjust: number) {
  const [row] = await db
    .update(p)
    .set({ stock: sql`${p.stock} + ${adjust}`, updatedAt: touched(p.updatedAt) })
    .where(and(eq(p.id, id), sql`${p.stock}::bigint + ${adjust} between 0 and ${MAX_STOCK}`))
    .returning(columns);
  return row ?? null;
}

/** Newest first; `q` matches name or sku. */
export async function listProducts(
  db: Db,
  filter: { q?: string; status?: ProductStatus; categoryId?: number; afterId?: number },
  limit: number,
) {
  const conditions: (SQL | undefined)[] = [
    filter.q
      ? or(ilike(p.name, likePattern(filter.q)), ilike(p.sku, likePattern(filter.q)))
      : undefined,
    filter.status ? eq(p.status, filter.status) : undefined,
    filter.categoryId ? eq(p.categoryId, filter.categoryId) : undefined,
    filter.afterId ? lt(p.id, filter.afterId) : undefined,
  ];
  return db
    .select(columns)
    .from(p)
    .where(and(...conditions))
    .orderBy(desc(p.id))
    .limit(limit + 1);
}

/** Every product, withdrawn ones too, in the order of their last change: what a sync pages through. */
export async function listProductChanges(
  db: Db,
  filter: { since?: Date; after?: { updatedAt: Date; id: number } },
  limit: number,
) {
  const { since, after } = filter;
  return db
    .select(columns)
    .from(p)
    .where(
      and(
        since ? gte(p.updatedAt, since) : undefined,
        // A row comparison, so the (updated_at, id) index serves the page.
        after
          ? sql`(${p.updatedAt}, ${p.id}) > (${after.updatedAt.toISOString()}::timestamptz, ${after.id}::bigint)`
          : undefined,
      ),
    )
    .orderBy(asc(p.updatedAt), asc(p.id))
    .limit(limit + 1);
}

export async function countProductChanges(db: Db, since: Date | undefined): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(p)
    .where(since ? gte(p.updatedAt, since) : undefined);
  return row?.count ?? 0;
}

export async function listStock(db: Db, ids: readonly number[]) {
  return db
    .select({ id: p.id, stock: p.stock, status: p.status })
    .from(p)
    .where(inArray(p.id, [...ids]))
    .orderBy(asc(p.id));
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

const categoryColumns = {
  id: c.id,
  slug: c.slug,
  name: c.name,
  position: c.position,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
};
export type CategoryRow = Awaited<ReturnType<typeof listCategories>>[number];
type CategoryValues = Partial<Pick<typeof c.$inferInsert, 'slug' | 'name' | 'position'>>;

export async function listCategories(db: Db) {
  return db.select(categoryColumns).from(c).orderBy(asc(c.position), asc(c.name), asc(c.id));
}

export async function insertCategory(db: Db, values: Required<CategoryValues>) {
  const [row] = await db.insert(c).values(values).returning(categoryColumns);
  return row as CategoryRow;
}

export async function updateCategory(db: Db, id: number, values: CategoryValues) {
  const [row] = await db
    .update(c)
    .set({ ...values, updatedAt: touched(c.updatedAt) })
    .where(eq(c.id, id))
    .returning(categoryColumns);
  return row ?? null;
}
