import { createHash } from 'node:crypto';
import { asc, gt, sql } from 'drizzle-orm';
import { type Db, queryRows } from '#shared/db/client.ts';
import { auditLogs } from '#shared/db/schema/app.ts';
import type { HashedFields } from './hash.ts';

/** First key of the two-key advisory locks that serialise the writers of one chain. */
const AUDIT_LOCK_CLASS = 0x4155_4454; // "AUDT"

/** Waits, until the end of the transaction, for the other writers of this trader's chain. */
export async function lockChain(tx: Db, traderId: string | null): Promise<void> {
  // A 32-bit key from the trader id: two traders sharing a key only wait for each other.
  const key = createHash('sha256')
    .update(traderId ?? '')
    .digest()
    .readInt32BE(0);
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_CLASS}, ${key})`);
}

/** The hash of the chain's last row (null for a new chain) and the database's clock, to the ms. */
export async function readChainHead(
  tx: Db,
  traderId: string | null,
): Promise<{ prevHash: string | null; now: string }> {
  const chain = traderId === null ? sql`trader_id is null` : sql`trader_id = ${traderId}`;
  const [row] = await queryRows<{ prev_hash: string | null; now: string }>(
    tx,
    sql`select
          (select hash from audit_logs where ${chain} order by id desc limit 1) as prev_hash,
          to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as now`,
  );
  if (!row) throw new Error('the chain head query returned no row');
  return { prevHash: row.prev_hash, now: row.now };
}

export async function insertRow(
  tx: Db,
  fields: HashedFields,
  prevHash: string | null,
  hash: string,
): Promise<{ id: number }> {
  const [row] = await tx
    .insert(auditLogs)
    .values({
      traderId: fields.trader_id,
      actorType: fields.actor_type,
      actorId: fields.actor_id,
      action: fields.action,
      entityType: fields.entity_type,
      entityId: fields.entity_id,
      changes: fields.changes,
      ip: fields.ip,
      userAgent: fields.user_agent,
      requestId: fields.request_id,
      prevHash,
      hash,
      createdAt: new Date(fields.created_at),
    })
    .returning({ id: auditLogs.id });
  if (!row) throw new Error('the audit insert returned no row');
  return row;
}

export interface StoredRow extends HashedFields {
  readonly id: number;
  readonly prev_hash: string | null;
  readonly hash: string;
}

/** One page of every chain's rows in id order, which is each chain's order. */
export async function pageRows(db: Db, afterId: number, limit: number): Promise<StoredRow[]> {
  const rows = await db
    .select({
      id: auditLogs.id,
      trader_id: auditLogs.traderId,
      actor_type: auditLogs.actorType,
      actor_id: auditLogs.actorId,
      action: auditLogs.action,
      entity_type: auditLogs.entityType,
      entity_id: auditLogs.entityId,
      changes: auditLogs.changes,
      ip: auditLogs.ip,
      user_agent: auditLogs.userAgent,
      request_id: auditLogs.requestId,
      created_at: auditLogs.createdAt,
      prev_hash: auditLogs.prevHash,
      hash: auditLogs.hash,
    })
    .from(auditLogs)
    .where(gt(auditLogs.id, afterId))
    .orderBy(asc(auditLogs.id))
    .limit(limit);
  return rows.map((row) => ({ ...row, created_at: row.created_at.toISOString() }));
}
