import { and, desc, eq, lt, or, type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '#shared/db/client.ts';
import { registeredTraders as t } from '#shared/db/schema/admin.ts';

const columns = {
  id: t.id,
  externalRef: t.externalRef,
  email: t.email,
  businessName: t.businessName,
  status: t.status,
  rejectionReason: t.rejectionReason,
  apiKeyPrefix: t.apiKeyPrefix,
  decidedAt: t.decidedAt,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
};
export type TraderRow = Awaited<ReturnType<typeof getTrader>> & {};

/** Files an application; answers the row and whether it is new (false: the external_ref was known). */
export async function insertApplication(
  db: Db,
  values: { email: string; businessName: string; externalRef: string },
) {
  const [created] = await db.insert(t).values(values).onConflictDoNothing().returning(columns);
  if (created) return { trader: created, created: true };
  const [existing] = await db.select(columns).from(t).where(eq(t.externalRef, values.externalRef));
  return { trader: existing ?? null, created: false };
}

export async function getTrader(db: Db, id: string) {
  const [row] = await db.select(columns).from(t).where(eq(t.id, id));
  return row ?? null;
}

export async function getTraderByEmail(db: Db, email: string) {
  const [row] = await db
    .select(columns)
    .from(t)
    .where(eq(t.email, email))
    .orderBy(desc(t.createdAt));
  return row ?? null;
}

/** Locks the trader's row for a status change. */
export async function lockTrader(db: Db, id: string) {
  const [row] = await db.select(columns).from(t).where(eq(t.id, id)).for('update');
  return row ?? null;
}

export async function listTraders(
  db: Db,
  filter: { status?: string | undefined; after?: { createdAt: Date; id: string }; limit: number },
) {
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(t.status, filter.status as TraderRow['status']));
  if (filter.after) {
    const { createdAt, id } = filter.after;
    conditions.push(
      or(lt(t.createdAt, createdAt), and(eq(t.createdAt, createdAt), lt(t.id, id))) as SQL,
    );
  }
  return db
    .select(columns)
    .from(t)
    .where(and(...conditions))
    .orderBy(desc(t.createdAt), desc(t.id))
    .limit(filter.limit + 1);
}

export async function markApproved(
  db: Db,
  id: string,
  key: { hash: string; prefix: string; sealed: string },
) {
  await db
    .update(t)
    .set({
      status: 'ACTIVE',
      apiKeyHash: key.hash,
      apiKeyPrefix: key.prefix,
      apiKeyUndelivered: key.sealed,
      rejectionReason: null,
      decidedAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(eq(t.id, id));
}

export async function markRejected(db: Db, id: string, reason: string) {
  await db
    .update(t)
    .set({
      status: 'REJECTED',
      rejectionReason: reason,
      decidedAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(eq(t.id, id));
}

/** Takes the undelivered API key off the row, answering it (sealed) to the one caller that got it. */
export async function takeUndeliveredKey(db: Db, id: string): Promise<string | null> {
  const [row] = await queryRows<{ sealed: string }>(
    db,
    sql`with old as (
          select id, api_key_undelivered from admin.traders
          where id = ${id} and api_key_undelivered is not null
          for update)
        update admin.traders set api_key_undelivered = null
        from old where admin.traders.id = old.id
        returning old.api_key_undelivered as sealed`,
  );
  return row?.sealed ?? null;
}

/** The sealed undelivered API key, left in place: the webhook clears it only once the CMS has it. */
export async function peekUndeliveredKey(db: Db, id: string): Promise<string | null> {
  const [row] = await db.select({ sealed: t.apiKeyUndelivered }).from(t).where(eq(t.id, id));
  return row?.sealed ?? null;
}

/** Clears the undelivered API key, if it is still the one that was delivered. */
export async function clearUndeliveredKey(db: Db, id: string, sealed: string) {
  await db
    .update(t)
    .set({ apiKeyUndelivered: null })
    .where(and(eq(t.id, id), eq(t.apiKeyUndelivered, sealed)));
}
