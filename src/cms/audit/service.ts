import { Readable } from 'node:stream';
import { csvLine } from '#shared/csv.ts';
import { decodeCursor, toPage } from '#shared/pagination.ts';
import type { CmsContext } from '../context.ts';
import { listEntries } from './queries.ts';
import type { AuditFilters } from './schemas.ts';

export async function listAuditLog(
  ctx: CmsContext,
  traderId: string,
  query: AuditFilters & { limit: number; cursor?: string | undefined },
) {
  const beforeId = query.cursor ? decodeCursor(query.cursor, ['number'])[0] : undefined;
  const rows = await listEntries(ctx.db, traderId, query, { beforeId, limit: query.limit + 1 });
  return toPage(rows, query.limit, (row) => [row.id]);
}

const COLUMNS = [
  'id',
  'created_at',
  'action',
  'actor_type',
  'actor_id',
  'entity_type',
  'entity_id',
  'changes',
  'ip',
  'user_agent',
  'request_id',
] as const;
const EXPORT_PAGE = 1000;

/** The whole filtered log as CSV, read page by page so a long log never sits in memory at once. */
export function exportAuditLog(ctx: CmsContext, traderId: string, filters: AuditFilters): Readable {
  async function* lines() {
    yield csvLine(COLUMNS);
    let beforeId: number | undefined;
    for (;;) {
      const rows = await listEntries(ctx.db, traderId, filters, { beforeId, limit: EXPORT_PAGE });
      for (const row of rows) yield csvLine(COLUMNS.map((column) => row[column]));
      if (rows.length < EXPORT_PAGE) return;
      beforeId = rows.at(-1)?.id;
    }
  }
  return Readable.from(lines());
}
