/**
 * One database per test worker: PGlite in memory by default, or a database of its own on the server
 * named by TEST_DATABASE_URL. Migrated once, then emptied before each test file.
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { type Database, openDatabase, queryRows } from '#shared/db/client.ts';
import type { Databases } from '#shared/db/databases.ts';
import { migrateSets } from '#shared/db/migrate-all.ts';

const serverUrl = process.env.TEST_DATABASE_URL;
const workerId = process.env.VITEST_POOL_ID ?? '0';

export const usingPostgres = serverUrl !== undefined && serverUrl !== '';

declare global {
  var brokerTestDatabases: Promise<Databases> | undefined;
}

/** Both roles on one database, as in the embedded mode. */
export function singleDatabase(database: Database): Databases {
  return { app: database, admin: database, close: () => database.close() };
}

/**
 * A new, empty database: a fresh in-memory PGlite, or a recreated database on the server.
 * `suffix` keeps databases of one worker apart.
 */
export async function freshDatabase(suffix: string): Promise<Database> {
  if (!serverUrl) return openDatabase({});
  const url = new URL(serverUrl);
  const name = `${url.pathname.slice(1) || 'test'}_w${workerId}_${suffix}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
    await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  url.pathname = `/${name}`;
  return openDatabase({ url: url.toString(), maxConnections: 30 });
}

/** The worker's migrated database, created on first use. */
export function workerDatabases(): Promise<Databases> {
  globalThis.brokerTestDatabases ??= (async () => {
    const databases = singleDatabase(await freshDatabase('main'));
    await migrateSets(databases);
    return databases;
  })();
  return globalThis.brokerTestDatabases;
}

/** Empties every table but the migration record, so each test file starts clean. */
export async function resetDatabase(database: Database): Promise<void> {
  const tables = await queryRows<{ name: string }>(
    database.db,
    sql`select format('%I.%I', schemaname, tablename) as name from pg_tables
        where schemaname in ('public', 'admin') and tablename <> 'schema_migrations'`,
  );
  if (tables.length === 0) return;
  await database.db.execute(
    sql.raw(`truncate ${tables.map((t) => t.name).join(', ')} restart identity cascade`),
  );
}
