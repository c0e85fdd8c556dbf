import { eq, like, or, sql } from 'drizzle-orm';
import type { Db } from '#shared/db/client.ts';
import { traders as t } from '#shared/db/schema/app.ts';

const columns = {
  id: t.id,
  email: t.email,
  passwordHash: t.passwordHash,
  businessName: t.businessName,
  slug: t.slug,
  status: t.status,
  createdAt: t.createdAt,
};
export type TraderRow = NonNullable<Awaited<ReturnType<typeof findTraderByEmail>>>;

export async function findTraderByEmail(db: Db, email: string) {
  const [row] = await db.select(columns).from(t).where(eq(t.email, email));
  return row ?? null;
}

export async function getTrader(db: Db, id: string) {
  const [row] = await db.select(columns).from(t).where(eq(t.id, id));
  return row ?? null;
}

/** Slugs already taken that start like `base`, to pick the next free one. */
export async function slugsLike(db: Db, base: string): Promise<Set<string>> {
  const rows = await db
    .select({ slug: t.slug })
    .from(t)
    .where(or(eq(t.slug, base), like(t.slug, `${base}-%`)));
  return new Set(rows.map((row) => row.slug));
}

/** Inserts a trader; answers null when the e-mail or the slug was taken meanwhile. */
export async function insertTrader(
  db: Db,
  values: { email: string; passwordHash: string; businessName: string; slug: string },
) {
  const [row] = await db.insert(t).values(values).onConflictDoNothing().returning(columns);
  return row ?? null;
}

export async function setPasswordHash(db: Db, id: string, passwordHash: string) {
  await db.update(t).set({ passwordHash, updatedAt: sql`now()` }).where(eq(t.id, id));
}
