import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '#shared/db/client.ts';
import { outbox } from '#shared/db/schema/admin.ts';

export type TraderEventType = 'trader.approved' | 'trader.rejected';

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

/** Claims due events; SKIP LOCKED lets several Admin replicas deliver side by side. */
export function claimDue(db: Db, limit: number): Promise<DueEvent[]> {
  return queryRows<DueEvent>(
    db,
    sql`select id, event_type, payload, attempts, created_at from admin.outbox
        where delivered_at is null and next_attempt_at <= now()
        order by id limit ${limit}
        for update skip locked`,
  );
}

export async function markDelivered(db: Db, id: number) {
  await db.execute(
    sql`update admin.outbox set delivered_at = now(), attempts = attempts + 1, last_error = null
        where id = ${id}`,
  );
}

/** Backs off exponentially: 2 s, 4 s, 8 s … capped at one hour. The event is kept until delivered. */
export async function markFailed(db: Db, id: number, error: string) {
  await db.execute(
    sql`update admin.outbox
        set attempts = attempts + 1, last_error = ${error.slice(0, 500)},
            next_attempt_at = now() + least(power(2, attempts + 1), 3600) * interval '1 second'
        where id = ${id}`,
  );
}

export function pendingEvents(db: Db) {
  return queryRows<{ id: number; event_type: string; attempts: number; last_error: string | null }>(
    db,
    sql`select id, event_type, attempts, last_error from admin.outbox
        where delivered_at is null order by id`,
  );
}
