import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Db, queryRows } from '#shared/db/client.ts';
import { record } from './record.ts';
import { chainRows, createTrader, emptyDatabase, recordLogin } from './testing.ts';
import { verifyChains } from './verify.ts';

let db: Db;

beforeEach(async () => {
  db = (await emptyDatabase()).app.db;
});

/** Asserts that rows (in id order) form one chain: first without prev_hash, each naming the last. */
function expectOneChain(rows: { prev_hash: string | null; hash: string }[]): void {
  expect(rows[0]?.prev_hash).toBeNull();
  for (let i = 1; i < rows.length; i++) expect(rows[i]?.prev_hash).toBe(rows[i - 1]?.hash);
}

describe('audit record', () => {
  it('chains the rows of each trader, and the rows without a trader, separately', async () => {
    const a = await createTrader(db, 'alpha');
    const b = await createTrader(db, 'beta');
    for (const [n, trader] of [a, b, null, a, b, a, null].entries()) {
      await recordLogin(db, trader, n);
    }
    const rows = await chainRows(db);
    for (const trader of [a, b, null]) {
      const chain = rows.filter((row) => row.trader_id === trader);
      expect(chain.length).toBeGreaterThan(1);
      expectOneChain(chain);
    }
    expect(await verifyChains(db)).toEqual({ rows: 7, broken: [] });
  });

  it('stores every field of the entry', async () => {
    const trader = await createTrader(db, 'gamma');
    await record(db, {
      traderId: trader,
      actor: { type: 'operator', id: 'op-1' },
      action: 'status_changed',
      entity: { type: 'trader', id: trader },
      changes: { before: { status: 'PENDING' }, after: { status: 'ACTIVE' } },
      context: { ip: '198.51.100.1', userAgent: 'curl/8', requestId: 'r-1' },
    });
    const [row] = await queryRows<Record<string, unknown>>(
      db,
      sql`select trader_id, actor_type, actor_id, action, entity_type, entity_id, changes, ip,
                 user_agent, request_id from audit_logs`,
    );
    expect(row).toEqual({
      trader_id: trader,
      actor_type: 'operator',
      actor_id: 'op-1',
      action: 'status_changed',
      entity_type: 'trader',
      entity_id: trader,
      changes: { before: { status: 'PENDING' }, after: { status: 'ACTIVE' } },
      ip: '198.51.100.1',
      user_agent: 'curl/8',
      request_id: 'r-1',
    });
  });

  it('hashes what jsonb gives back: key order, dates and undefined fields do not break the chain', async () => {
    const trader = await createTrader(db, 'delta');
    await record(db, {
      traderId: trader.toUpperCase(),
      actor: { type: 'trader', id: trader },
      action: 'register',
      changes: { z: 1, a: { y: [1, 'two', null], b: undefined }, at: new Date(0), n: 1.5 },
    });
    await recordLogin(db, trader);
    expect(await verifyChains(db)).toEqual({ rows: 2, broken: [] });
  });

  it('commits and rolls back with the caller’s transaction', async () => {
    const trader = await createTrader(db, 'epsilon');
    await db
      .transaction(async (tx) => {
        await recordLogin(tx, trader, 1);
        throw new Error('the change failed');
      })
      .catch(() => {});
    expect(await chainRows(db)).toEqual([]);
    await db.transaction(async (tx) => {
      await recordLogin(tx, trader, 2);
      await recordLogin(tx, trader, 3);
    });
    const rows = await chainRows(db);
    expect(rows).toHaveLength(2);
    expectOneChain(rows);
  });

  it('keeps one chain, without forks, when 30 writers of one trader race', async () => {
    const trader = await createTrader(db, 'zeta');
    const other = await createTrader(db, 'eta');
    const writes = Array.from({ length: 30 }, (_, n) => recordLogin(db, trader, n));
    const others = Array.from({ length: 10 }, (_, n) => recordLogin(db, other, n));
    await Promise.all([...writes, ...others]);

    const rows = await chainRows(db);
    const chain = rows.filter((row) => row.trader_id === trader);
    expect(chain).toHaveLength(30);
    expect(new Set(chain.map((row) => row.prev_hash)).size).toBe(30);
    expectOneChain(chain);
    expectOneChain(rows.filter((row) => row.trader_id === other));
    expect(await verifyChains(db)).toEqual({ rows: 40, broken: [] });
  });
});
