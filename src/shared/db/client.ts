import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type SQL, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/** The one query interface the code sees, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT>;

export type Driver = 'pg' | 'pglite';

export interface Database {
  readonly driver: Driver;
  readonly db: Db;
  /** Answers whether the database takes queries; used by /readyz. */
  ping(): Promise<boolean>;
  /**
   * Runs `work` on one connection of its own, so session state (a temporary table) stays with it.
   * On the server the connection is closed afterwards, so nothing of the session outlives it; PGlite
   * has one connection and it is that one.
   */
  session<T>(work: (db: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL URL; without one, PGlite is used. */
  url?: string | undefined;
  /** Where PGlite keeps its files; `undefined` keeps them in memory (tests). */
  dataDir?: string | undefined;
  /** Pool size for the `pg` driver. */
  maxConnections?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url
    ? openPostgres(options.url, options.maxConnections ?? 10)
    : openPglite(options);
}

// Each driver is imported only when used: start-up pays for one of them, not both.
async function openPostgres(url: string, max: number): Promise<Database> {
  const [{ default: pg }, { drizzle: drizzlePg }] = await Promise.all([
    import('pg'),
    import('drizzle-orm/node-postgres'),
  ]);
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const db = drizzlePg(pool) as unknown as Db;
  async function session<T>(work: (db: Db) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      return await work(drizzlePg(client) as unknown as Db);
    } finally {
      client.release(true);
    }
  }
  return { driver: 'pg', db, ping: () => ping(db), session, close: () => pool.end() };
}

async function openPglite(options: DatabaseOptions): Promise<Database> {
  let dataDir: string | undefined;
  if (options.dataDir !== undefined) {
    mkdirSync(options.dataDir, { recursive: true });
    dataDir = join(options.dataDir, 'pglite');
  }
  const [{ PGlite }, { drizzle: drizzlePglite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
  ]);
  const client = await PGlite.create(dataDir);
  const db = drizzlePglite(client) as unknown as Db;
  return {
    driver: 'pglite',
    db,
    ping: () => ping(db),
    session: (work) => work(db),
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
}

async function ping(db: Db): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

/** Rows of a raw SQL query; both drivers answer with `{ rows }`. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
