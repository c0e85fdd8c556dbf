import { and, count, eq } from 'drizzle-orm';
import type { Db } from '#shared/db/client.ts';
import { operators, registeredTraders } from '#shared/db/schema/admin.ts';

export async function findOperatorByEmail(db: Db, email: string) {
  const [row] = await db
    .select({ id: operators.id, email: operators.email, passwordHash: operators.passwordHash })
    .from(operators)
    .where(eq(operators.email, email));
  return row ?? null;
}

export async function countOperators(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(operators);
  return row?.n ?? 0;
}

/** Inserts an operator; answers null when the e-mail is taken. */
export async function insertOperator(db: Db, email: string, passwordHash: string) {
  const [row] = await db
    .insert(operators)
    .values({ email, passwordHash })
    .onConflictDoNothing()
    .returning({ id: operators.id, email: operators.email });
  return row ?? null;
}

/** The ACTIVE trader holding an API key, by the key's hash. */
export async function findActiveTraderByKeyHash(db: Db, keyHash: string) {
  const [row] = await db
    .select({ id: registeredTraders.id })
    .from(registeredTraders)
    .where(and(eq(registeredTraders.apiKeyHash, keyHash), eq(registeredTraders.status, 'ACTIVE')));
  return row ?? null;
}
