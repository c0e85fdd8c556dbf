import { sql } from 'drizzle-orm';
import { type Database, type Db, queryRows } from './client.ts';
import { type MigrationFile, type MigrationSet, readMigrations } from './migration-files.ts';

/** Any number: it only has to be the same for every process that migrates this database. */
const MIGRATION_LOCK_ID = 7_310_424_019;

export interface AppliedMigration {
  readonly set: MigrationSet;
  readonly tag: string;
  readonly appliedAt: Date;
}

/**
 * Applies every pending migration of a set in one transaction, under an advisory lock so that replicas
 * starting together apply each migration once. Returns the tags it applied.
 */
export async function migrate(
  database: Database,
  set: MigrationSet,
  files: readonly MigrationFile[] = readMigrations(set),
): Promise<string[]> {
  return database.db.transaction(async (tx) => {
    const applied = await lockAndReadApplied(tx, set);
    for (const file of files) {
      const hash = applied.get(file.tag);
      if (hash !== undefined && hash !== file.hash) {
        throw new Error(`Migration ${set}/${file.tag} was changed after it was applied`);
      }
    }
    const pending = files.filter((file) => !applied.has(file.tag));
    for (const file of pending) {
      for (const statement of file.up) await tx.execute(sql.raw(statement));
      await tx.execute(sql`
        insert into public.schema_migrations (migration_set, tag, hash)
        values (${set}, ${file.tag}, ${file.hash})`);
    }
    return pending.map((file) => file.tag);
  });
}

/** Reverts the last applied migration of a set with its reviewed down script. */
export async function rollback(
  database: Database,
  set: MigrationSet,
  files: readonly MigrationFile[] = readMigrations(set),
): Promise<string | null> {
  return database.db.transaction(async (tx) => {
    await lockAndReadApplied(tx, set);
    const last = await lastApplied(tx, set);
    if (!last) return null;
    const file = files.find((candidate) => candidate.tag === last.tag);
    if (!file) throw new Error(`Migration ${set}/${last.tag} is applied but its files are missing`);
    if (!file.down.ok) throw new Error(`Cannot roll back ${set}/${file.tag}: ${file.down.reason}`);
    for (const statement of file.down.statements) await tx.execute(sql.raw(statement));
    await tx.execute(sql`
      delete from public.schema_migrations where migration_set = ${set} and tag = ${file.tag}`);
    return file.tag;
  });
}

/** The most recently applied migration of a set, if any. */
export async function lastApplied(db: Db, set: MigrationSet): Promise<AppliedMigration | null> {
  const [table] = await queryRows<{ present: boolean }>(
    db,
    sql`select to_regclass('public.schema_migrations') is not null as present`,
  );
  if (!table?.present) return null;
  const [row] = await queryRows<{ tag: string; applied_at: string | Date }>(
    db,
    sql`
      select tag, applied_at from public.schema_migrations
      where migration_set = ${set}
      order by applied_at desc, tag desc
      limit 1`,
  );
  return row ? { set, tag: row.tag, appliedAt: new Date(row.applied_at) } : null;
}

async function lockAndReadApplied(db: Db, set: MigrationSet): Promise<Map<string, string>> {
  await db.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_ID})`);
  await ensureTable(db);
  const rows = await queryRows<{ tag: string; hash: string }>(
    db,
    sql`select tag, hash from public.schema_migrations where migration_set = ${set}`,
  );
  return new Map(rows.map((row) => [row.tag, row.hash]));
}

function ensureTable(db: Db) {
  return db.execute(sql`
    create table if not exists public.schema_migrations (
      migration_set text not null,
      tag text not null,
      hash text not null,
      applied_at timestamptz not null default clock_timestamp(),
      primary key (migration_set, tag)
    )`);
}
