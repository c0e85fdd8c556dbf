import { and, eq, gt, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { type Db, queryRows } from '#shared/db/client.ts';
import { outbox, type TraderStatus, traders as t } from '#shared/db/schema/app.ts';

export const APPLICATION_EVENT = 'trader.application';

/**
 * How long a claimed row stays out of other deliverers' reach. No transaction is open while the Admin
 * is called (on PGlite it would hold the one connection the embedded Admin needs to answer), so this
 * lease is what keeps two CMS replicas from filing the same application at once.
 */
export const CLAIM_LEASE_SECONDS = 60;

export interface Application {
  readonly email: string;
  readonly business_name: string;
  readonly external_ref: string;
}

/** Queues a trader's application in the caller's transaction: it exists exactly when the trader does. */
export async function enqueueApplication(db: Db, traderId: string, application: Application) {
  await db.insert(outbox).values({
    eventType: APPLICATION_EVENT,
    traderId,
    payload: { ...application },
  });
}

export interface DueApplication {
  id: number;
  trader_id: string;
  payload: Application;
  attempts: number;
}

/** Claims due applications by pushing their next attempt past the lease, in one statement. */
export async function claimDue(db: Db, limit: number): Promise<DueApplication[]> {
  const rows = await queryRows<Omit<DueApplication, 'id'> & { id: string | number }>(
    db,
    sql`update outbox
        set next_attempt_at = now() + ${CLAIM_LEASE_SECONDS} * interval '1 second'
        where id in (
          select id from outbox
          where delivered_at is null and next_attempt_at <= now()
            and event_type = ${APPLICATION_EVENT}
          order by id limit ${limit}
          for update skip locked)
        returning id, trader_id, payload, attempts`,
  );
  // bigint arrives as text from `pg` and as a number from PGlite; RETURNING has no order.
  return rows.map((row) => ({ ...row, id: Number(row.id) })).sort((a, b) => a.id - b.id);
}

/** Records the Admin's id for the trader and closes the outbox row, together. */
export async function markFiled(db: Db, outboxId: number, traderId: string, adminId: string) {
  await db.transaction(async (tx) => {
    await tx
      .update(t)
      .set({ adminTraderId: adminId, updatedAt: sql`now()` })
      .where(and(eq(t.id, traderId), or(isNull(t.adminTraderId), eq(t.adminTraderId, adminId))));
    await tx.execute(
      sql`update outbox set delivered_at = now(), attempts = attempts + 1, last_error = null
          where id = ${outboxId}`,
    );
  });
}

/**
 * Backs off exponentially: 2 s, 4 s, 8 s … capped at five minutes, so an application reaches an Admin
 * that is back within minutes. The row is kept until delivered.
 */
export async function markFailed(db: Db, outboxId: number, error: string) {
  await db.execute(
    sql`update outbox
        set attempts = attempts + 1, last_error = ${error.slice(0, 500)},
            next_attempt_at = now() + least(power(2, least(attempts + 1, 12)), 300) * interval '1 second'
        where id = ${outboxId}`,
  );
}

/**
 * PENDING traders whose application the Admin has, in id order after `afterId`: what the reconciler
 * asks about, a page at a time, so every one is reached however many there are.
 */
export async function pendingFiled(db: Db, limit: number, afterId?: string) {
  return db
    .select({ id: t.id, adminTraderId: t.adminTraderId })
    .from(t)
    .where(
      and(
        eq(t.status, 'PENDING'),
        isNotNull(t.adminTraderId),
        afterId === undefined ? undefined : gt(t.id, afterId),
      ),
    )
    .orderBy(t.id)
    .limit(limit);
}

export interface TraderMatch {
  /** The CMS trader id (the application's external_ref), when known. */
  readonly id?: string | undefined;
  /** The Admin's id of the trader. */
  readonly adminId: string;
}

/** The trader an Admin event is about, locked for the change. */
export async function lockTrader(db: Db, match: TraderMatch) {
  const byAdmin = eq(t.adminTraderId, match.adminId);
  const where = match.id ? and(eq(t.id, match.id), or(isNull(t.adminTraderId), byAdmin)) : byAdmin;
  const [row] = await db
    .select({
      id: t.id,
      status: t.status,
      adminTraderId: t.adminTraderId,
      apiKeyEncrypted: t.apiKeyEncrypted,
    })
    .from(t)
    .where(where)
    .for('update');
  return row ?? null;
}

export async function setApproval(
  db: Db,
  id: string,
  values: { status: TraderStatus; adminTraderId: string; apiKeyEncrypted: string | null },
) {
  await db
    .update(t)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(t.id, id));
}

/** Remembers a webhook event; answers false when it was seen before (a replay). */
export async function rememberEvent(db: Db, eventId: string, eventType: string) {
  const rows = await queryRows<{ event_id: string }>(
    db,
    sql`insert into webhook_events (event_id, event_type) values (${eventId}, ${eventType})
        on conflict (event_id) do nothing returning event_id`,
  );
  return rows.length > 0;
}
