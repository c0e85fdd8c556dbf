import { is } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Db } from '#shared/db/client.ts';
import type { ActorType } from '#shared/db/schema/app.ts';
import type { AuditAction } from './actions.ts';
import { asStoredJson, type HashedFields, rowHash } from './hash.ts';
import { insertRow, lockChain, readChainHead } from './queries.ts';
import type { RequestContext } from './request-context.ts';

export interface AuditEntry {
  /** The trader whose chain the row joins; null for rows that belong to no trader. */
  readonly traderId: string | null;
  readonly actor: { readonly type: ActorType; readonly id: string | null };
  readonly action: AuditAction;
  readonly entity?: { readonly type: string; readonly id: string | null };
  /** Usually `{ before, after }`; stored as jsonb. */
  readonly changes?: Readonly<Record<string, unknown>>;
  readonly context?: RequestContext;
}

export interface RecordedEntry {
  readonly id: number;
  readonly hash: string;
}

/**
 * The one audit writer. Call it with the transaction that makes the change, so that the change and
 * its audit row commit together; called with the database itself, it opens a transaction of its own.
 * Writers of one chain take turns on an advisory lock held to the end of the transaction: each reads
 * the chain's last hash only after the previous writer has committed, so the chain never forks.
 * That needs READ COMMITTED (the default): a REPEATABLE READ snapshot taken before the lock would miss
 * the previous writer's row.
 */
export function record(db: Db, entry: AuditEntry): Promise<RecordedEntry> {
  return is(db, PgTransaction) ? append(db, entry) : db.transaction((tx) => append(tx, entry));
}

async function append(tx: Db, entry: AuditEntry): Promise<RecordedEntry> {
  const traderId = entry.traderId?.toLowerCase() ?? null;
  await lockChain(tx, traderId);
  const { prevHash, now } = await readChainHead(tx, traderId);
  const fields: HashedFields = {
    trader_id: traderId,
    actor_type: entry.actor.type,
    actor_id: entry.actor.id,
    action: entry.action,
    entity_type: entry.entity?.type ?? null,
    entity_id: entry.entity?.id ?? null,
    changes: asStoredJson(entry.changes),
    ip: entry.context?.ip ?? null,
    user_agent: entry.context?.userAgent ?? null,
    request_id: entry.context?.requestId ?? null,
    created_at: now,
  };
  const hash = rowHash(prevHash, fields);
  const { id } = await insertRow(tx, fields, prevHash, hash);
  return { id, hash };
}
