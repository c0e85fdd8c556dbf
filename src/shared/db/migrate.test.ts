import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase, singleDatabase } from '#test/database.ts';
import { type Database, queryRows } from './client.ts';
import type { Databases } from './databases.ts';
import { migrate, rollback } from './migrate.ts';
import { migrateSets, rollbackLatest } from './migrate-all.ts';
import {
  MIGRATION_SETS,
  MIGRATIONS_ROOT,
  readMigrations,
  UNREVIEWED_MARKER,
} from './migration-files.ts';

let database: Database;
let databases: Databases;

async function tables(): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    database.db,
    sql`select schemaname || '.' || tablename as name from pg_tables
        where schemaname in ('public', 'admin') order by 1`,
  );
  return rows.map((row) => row.name);
}

/** A scratch copy of drizzle/ that a test may edit. */
function copyOfMigrations(): string {
  const root = mkdtempSync(join(tmpdir(), 'broker-migrations-'));
  cpSync(MIGRATIONS_ROOT, root, { recursive: true });
  return root;
}

/** Adds a migration to the `admin` set of a scratch copy. */
function addAdminMigration(root: string, tag: string, up: string, down: string): void {
  const journalPath = join(root, 'admin', 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8'));
  journal.entries.push({ idx: journal.entries.length, tag });
  writeFileSync(journalPath, JSON.stringify(journal));
  writeFileSync(join(root, 'admin', `${tag}.sql`), up);
  writeFileSync(join(root, 'admin', 'down', `${tag}.sql`), down);
}

beforeAll(async () => {
  database = await freshDatabase('migrations');
  databases = singleDatabase(database);
});

afterAll(async () => {
  await database?.close();
});

describe('migrations', () => {
  beforeEach(async () => {
    while (await rollbackLatest(databases)) {}
  });

  it('migrate, then rollback, then migrate again', async () => {
    // In the order migrateSets applies them: set by set, each in journal order.
    const all = MIGRATION_SETS.flatMap((set) => readMigrations(set).map((f) => `${set}/${f.tag}`));
    expect(await migrateSets(databases)).toEqual(all);
    const migrated = await tables();
    expect(migrated).toEqual(
      expect.arrayContaining([
        'admin.operators',
        'admin.traders',
        'public.audit_logs',
        'public.traders',
      ]),
    );
    expect(await migrateSets(databases)).toEqual([]);

    expect(await rollbackLatest(databases)).toBe(all.at(-1));
    expect((await tables()).length).toBeLessThan(migrated.length);
    const reverted = [all.at(-1)];
    for (let tag = await rollbackLatest(databases); tag; tag = await rollbackLatest(databases)) {
      reverted.push(tag);
    }
    expect(reverted).toEqual([...all].reverse());
    expect(await tables()).toEqual(['public.schema_migrations']);

    expect(await migrateSets(databases)).toEqual(all);
    expect(await tables()).toEqual(migrated);
    await database.db.execute(sql`
      insert into traders (email, password_hash, business_name, slug)
      values ('a@example.com', 'x', 'A', 'a')`);
    const [row] = await queryRows<{ status: string }>(database.db, sql`select status from traders`);
    expect(row?.status).toBe('PENDING');
  });

  it('refuses to roll back with an unreviewed down script, and changes nothing', async () => {
    await migrateSets(databases);
    const root = copyOfMigrations();
    const last = readMigrations('admin').at(-1)?.tag;
    writeFileSync(join(root, 'admin', 'down', `${last}.sql`), `${UNREVIEWED_MARKER}\nselect 1;`);
    await expect(rollback(database, 'admin', readMigrations('admin', root))).rejects.toThrow(
      /still marked unreviewed/,
    );
    expect(await tables()).toContain('admin.traders');
  });

  it('refuses a migration that was changed after it was applied', async () => {
    await migrateSets(databases);
    const root = copyOfMigrations();
    const path = join(root, 'admin', '0000_init.sql');
    writeFileSync(path, `${readFileSync(path, 'utf8')}\n-- edited`);
    await expect(migrate(database, 'admin', readMigrations('admin', root))).rejects.toThrow(
      /admin\/0000_init was changed after it was applied/,
    );
  });

  it('applies pending migrations all or nothing', async () => {
    await migrateSets(databases);
    const root = copyOfMigrations();
    addAdminMigration(
      root,
      '9001_broken',
      'create table admin.half_done (id int);\n--> statement-breakpoint\nselect * from no_such_table;',
      'drop table admin.half_done;',
    );
    await expect(migrate(database, 'admin', readMigrations('admin', root))).rejects.toThrow();
    expect(await tables()).not.toContain('admin.half_done');
    const applied = await queryRows<{ tag: string }>(
      database.db,
      sql`select tag from schema_migrations where migration_set = 'admin'`,
    );
    expect(applied.map((row) => row.tag)).not.toContain('9001_broken');
  });

  it('applies a migration once when two processes migrate at the same time', async () => {
    await migrateSets(databases);
    const root = copyOfMigrations();
    addAdminMigration(
      root,
      '9002_notes',
      'create table admin.notes (id int primary key);',
      'drop table admin.notes;',
    );
    const files = readMigrations('admin', root);
    const results = await Promise.all([
      migrate(database, 'admin', files),
      migrate(database, 'admin', files),
    ]);
    expect(results.flat()).toEqual(['9002_notes']);
    expect(await rollback(database, 'admin', files)).toBe('9002_notes');
    expect(await tables()).not.toContain('admin.notes');
  });
});
