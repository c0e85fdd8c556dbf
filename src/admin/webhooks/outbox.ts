import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '#shared/db/client.ts';
import { outbox } from '#shared/db/schema/admin.ts';

export type TraderEventType = 'trader.approved' | 'trader.rejected';

/**
 * How long a claimed event stays out of other deliverers' reach. Delivery holds no transaction while
 * it waits for the CMS, so this lease is what keeps two replicas from sending the same event; if a
 * deliverer dies mid-way, the event is tried again once the lease has run out.
 */
export const CLAIM_LEASE_SECONDS = 300;

/** Queues an event in the caller's transaction, so it exists exactly when the change does. */
export async function enqueue(
  db: Db,
  eventType: TraderEventType,
  payload: Record<string, unknown>,
) {
  await db.insert(outbox).values({ eventType, payload });
}

export interface DueEvent {
  id: number;
  event_type: TraderEventType;
  payload: Record<string, unknown>;
  attempts: number;
  created_at: Date;
}

/**
 * Claims due events by moving their next attempt past the lease, in one short statement. SKIP LOCKED
 * lets several Admin replicas claim side by side. An event waits while an older event of the same
 * trader is undelivered, so the CMS never sees an approval overtaken by the rejection before it.
 */
export async function claimDue(db: Db, limit: number): Promise<DueEvent[]> {
  const rows = await queryRows<
    Omit<DueEvent, 'id' | 'created_at'> & { id: string | number; created_at: string | Date }
  >(
    db,
    sql`update admin.outbox
        set next_attempt_at = now() + ${CLAIM_LEASE_SECONDS} * interval '1 second'
        where id in (
          select due.id from admin.outbox due
          where due.delivered_at is null and due.next_attempt_at <= now()
            and not exists (
              select 1 from admin.outbox older
              where older.delivered_at is null and older.id < due.id
                and older.payload->>'trader_id' = due.payload->>'trader_id')
          order by due.id limit ${limit}
          for update skip locked)
        returning id, event_type, payload, attempts, created_at`,
  );
  // bigint arrives as text from `pg` and as a number from PGlite; RETURNING has no order.
  return rows
    .map((row) => ({ ...row, id: Number(row.id), created_at: new Date(row.created_at) }))
    .sort((a, b) => a.id - b.id);
}

export async function markDelivered(db: Db, id: number) {
  await db.execute(
    sql`update admin.outbox set delivered_at = now(), attempts = attempts + 1, last_error = null
        where id = ${id}`,
  );
}

/** Backs off exponentially: 2 s, 4 s, 8 s … capped at one hour. The event is kept until delivered. */
export async function markFailed(db: Db, id: number, error: string) {
  // The exponent is capped too: power(2, 1025) overflows double precision and fails the update.
  await db.execute(
    sql`update admin.outbox
        set attempts = attempts + 1, last_error = ${error.slice(0, 500)},
            next_attempt_at = now() + least(power(2, least(attempts + 1, 12)), 3600) * interval '1 second'
        where id = ${id}`,
  );
}
