import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '#shared/db/client.ts';
import type { AuditEntry, AuditFilters } from './schemas.ts';

/** One trader's audit rows, newest first, after the row `beforeId` (keyset). */
export function listEntries(
  db: Db,
  traderId: string,
  filters: AuditFilters,
  page: { beforeId?: number | undefined; limit: number },
): Promise<AuditEntry[]> {
  const conditions: SQL[] = [sql`trader_id = ${traderId}`];
  if (filters.action) conditions.push(sql`action = ${filters.action}`);
  if (filters.entity_type) conditions.push(sql`entity_type = ${filters.entity_type}`);
  if (filters.from) conditions.push(sql`created_at >= ${filters.from}::timestamptz`);
  if (filters.to) conditions.push(sql`created_at < ${filters.to}::timestamptz`);
  if (page.beforeId !== undefined) conditions.push(sql`id < ${page.beforeId}`);
  return queryRows<AuditEntry>(
    db,
    sql`select id::int as id, action, actor_type, actor_id, entity_type, entity_id, changes, ip,
               user_agent, request_id,
               to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at
        from audit_logs
        where ${sql.join(conditions, sql` and `)}
        order by id desc
        limit ${page.limit}`,
  );
}
