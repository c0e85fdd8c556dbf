/** Fixtures for the audit tests: a migrated, emptied database and traders to chain rows to. */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '#shared/db/client.ts';
import type { Databases } from '#shared/db/databases.ts';
import { resetDatabase, workerDatabases } from '#test/database.ts';
import { record } from './record.ts';

export async function emptyDatabase(): Promise<Databases> {
  const databases = await workerDatabases();
  await resetDatabase(databases.app);
  return databases;
}

export async function createTrader(db: Db, name: string): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`insert into traders (email, password_hash, business_name, slug)
        values (${`${name}@example.com`}, 'x', ${name}, ${name}) returning id`,
  );
  if (!row) throw new Error('no trader inserted');
  return row.id;
}

export function recordLogin(db: Db, traderId: string | null, n = 0) {
  return record(db, {
    traderId,
    actor: { type: traderId ? 'trader' : 'system', id: traderId },
    action: 'login',
    changes: { attempt: n },
    context: { ip: '203.0.113.7', userAgent: 'vitest', requestId: `req-${n}` },
  });
}

export interface ChainRow {
  id: number;
  trader_id: string | null;
  prev_hash: string | null;
  hash: string;
}

export async function chainRows(db: Db): Promise<ChainRow[]> {
  const rows = await queryRows<ChainRow>(
    db,
    sql`select id::int as id, trader_id, prev_hash, hash from audit_logs order by id`,
  );
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

/** Runs SQL behind the append-only triggers, as a superuser could. */
export function asSuperuser(db: Db, statement: ReturnType<typeof sql>): Promise<unknown> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_logs disable trigger all`);
    await tx.execute(statement);
    await tx.execute(sql`alter table audit_logs enable trigger all`);
  });
}
