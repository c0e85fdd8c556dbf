import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '#shared/config.ts';
import type { Database, Db } from '#shared/db/client.ts';
import { auditCommands } from './commands.ts';
import { asSuperuser, chainRows, createTrader, emptyDatabase, recordLogin } from './testing.ts';
import { verifyChains } from './verify.ts';

let database: Database;
let db: Db;
let trader: string;
let ids: number[];

beforeEach(async () => {
  database = (await emptyDatabase()).app;
  db = database.db;
  trader = await createTrader(db, 'tamper');
  const other = await createTrader(db, 'bystander');
  for (let n = 0; n < 5; n++) {
    await recordLogin(db, trader, n);
    await recordLogin(db, other, n);
  }
  ids = (await chainRows(db)).filter((row) => row.trader_id === trader).map((row) => row.id);
});

function verify(): Promise<string> {
  return auditCommands['audit:verify'].run([], parseConfig({ NODE_ENV: 'test' }), database);
}

/** The database's own message: drizzle wraps it as the cause of a "Failed query" error. */
async function refusal(query: Promise<unknown>): Promise<string> {
  const error = await query.then(
    () => new Error('the database accepted the query'),
    (e: Error) => (e.cause as Error | undefined) ?? e,
  );
  return error.message;
}

describe('audit log is append-only', () => {
  it('refuses UPDATE', async () => {
    expect(
      await refusal(db.execute(sql`update audit_logs set action = 'logout' where id = ${ids[0]}`)),
    ).toBe('audit_logs is append-only: UPDATE is not allowed');
  });

  it('refuses DELETE', async () => {
    expect(await refusal(db.execute(sql`delete from audit_logs where id = ${ids[1]}`))).toBe(
      'audit_logs is append-only: DELETE is not allowed',
    );
    expect(await chainRows(db)).toHaveLength(10);
  });
});

describe('audit verification', () => {
  it('passes an untouched log, across pages', async () => {
    expect(await verifyChains(db, 3)).toEqual({ rows: 10, broken: [] });
    expect(await verify()).toBe('All 10 audit rows verified.');
  });

  it('names exactly the row a superuser edited behind the triggers', async () => {
    await asSuperuser(
      db,
      sql`update audit_logs set changes = '{"attempt": 99}'::jsonb where id = ${ids[2]}`,
    );
    const { broken } = await verifyChains(db, 3);
    expect(broken).toEqual([
      { trader_id: trader, id: ids[2], reason: 'hash does not match the row' },
    ]);
    await expect(verify()).rejects.toThrow(`row ${ids[2]} (trader ${trader})`);
  });

  it('catches a row removed from the middle of a chain', async () => {
    await asSuperuser(db, sql`delete from audit_logs where id = ${ids[2]}`);
    expect((await verifyChains(db)).broken).toEqual([
      {
        trader_id: trader,
        id: ids[3],
        reason: 'prev_hash does not match the hash of the previous row',
      },
    ]);
  });

  it('catches a row removed from the start of a chain', async () => {
    await asSuperuser(db, sql`delete from audit_logs where id = ${ids[0]}`);
    expect((await verifyChains(db)).broken).toEqual([
      { trader_id: trader, id: ids[1], reason: 'the first row of its chain names a previous hash' },
    ]);
  });

  it('catches an edit whose hash was recomputed, at the next row', async () => {
    await asSuperuser(db, sql`update audit_logs set hash = repeat('0', 64) where id = ${ids[2]}`);
    expect((await verifyChains(db)).broken).toEqual([
      { trader_id: trader, id: ids[2], reason: 'hash does not match the row' },
      {
        trader_id: trader,
        id: ids[3],
        reason: 'prev_hash does not match the hash of the previous row',
      },
    ]);
  });
});
