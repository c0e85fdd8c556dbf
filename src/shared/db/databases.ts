import type { Config } from '../config.ts';
import { type Database, openDatabase } from './client.ts';

/**
 * The databases one process uses: `app` holds the public schema (CMS and Shop), `admin` the Admin's
 * tables. They are one and the same unless ADMIN_DATABASE_URL points the Admin elsewhere.
 */
export interface Databases {
  readonly app: Database;
  readonly admin: Database;
  close(): Promise<void>;
}

export async function openDatabases(
  config: Pick<Config, 'DATABASE_URL' | 'ADMIN_DATABASE_URL' | 'DATA_DIR' | 'DATABASE_POOL_SIZE'>,
): Promise<Databases> {
  const maxConnections = config.DATABASE_POOL_SIZE;
  const app = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    maxConnections,
  });
  const admin =
    config.ADMIN_DATABASE_URL && config.ADMIN_DATABASE_URL !== config.DATABASE_URL
      ? await openDatabase({ url: config.ADMIN_DATABASE_URL, maxConnections })
      : app;
  return {
    app,
    admin,
    close: async () => {
      if (admin !== app) await admin.close();
      await app.close();
    },
  };
}
