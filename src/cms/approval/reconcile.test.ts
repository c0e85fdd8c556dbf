import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '#shared/db/client.ts';
import {
  approve,
  closedPort,
  cmsContextFor,
  register,
  reject,
  traderState,
  useApprovalWorld,
} from './approval.test-helpers.ts';
import { deliverApplications } from './delivery.ts';
import { reconcile } from './reconcile.ts';

const world = useApprovalWorld();

/** Registers through the CMS and files the application; answers both ids. */
async function filed() {
  const id = await register(world.cms);
  await deliverApplications(world.ctx);
  const adminId = (await traderState(world, id)).admin_trader_id;
  if (!adminId) throw new Error('not filed');
  return { id, adminId };
}

describe('reconciling PENDING traders with the Admin', () => {
  it('picks up an approval without any webhook and stores the key sealed', async () => {
    const { id, adminId } = await filed();
    expect(await reconcile(world.ctx)).toMatchObject({ changed: 0, failed: 0 });
    expect((await traderState(world, id)).status).toBe('PENDING');

    const key = await approve(world, adminId);
    expect(await reconcile(world.ctx)).toMatchObject({ changed: 1, failed: 0 });

    const state = await traderState(world, id);
    expect(state.status).toBe('ACTIVE');
    expect(state.api_key_encrypted).not.toBeNull();
    expect(state.api_key_encrypted).not.toContain(key);
    expect(world.ctx.sealer.open(state.api_key_encrypted ?? '')).toBe(key);

    const audit = await queryRows<{ actor_id: string; changes: unknown }>(
      world.databases.app.db,
      sql`select actor_id, changes from audit_logs
          where trader_id = ${id} and action = 'status_changed'`,
    );
    expect(audit).toEqual([
      {
        actor_id: 'admin-reconciler',
        changes: { before: { status: 'PENDING' }, after: { status: 'ACTIVE' } },
      },
    ]);

    // ACTIVE traders are no longer asked about.
    expect((await reconcile(world.ctx)).checked).toBe(0);
  });

  it('picks up a rejection', async () => {
    const { id, adminId } = await filed();
    await reject(world, adminId, 'Incomplete documents');
    await reconcile(world.ctx);
    const state = await traderState(world, id);
    expect(state).toMatchObject({ status: 'REJECTED', api_key_encrypted: null });
  });

  it('leaves traders PENDING while the Admin cannot answer', async () => {
    const { id, adminId } = await filed();
    await approve(world, adminId);
    const down = cmsContextFor(world.databases, `http://127.0.0.1:${await closedPort()}/api/v1`);
    const result = await reconcile(down);
    expect(result.failed).toBeGreaterThan(0);
    expect(result.changed).toBe(0);
    expect((await traderState(world, id)).status).toBe('PENDING');
    await reconcile(world.ctx);
    expect((await traderState(world, id)).status).toBe('ACTIVE');
  });

  it('goes through many PENDING traders a page at a time', async () => {
    const traders = [await filed(), await filed(), await filed()];
    for (const trader of traders) await approve(world, trader.adminId);
    const first = await reconcile(world.ctx, { limit: 2 });
    expect(first).toMatchObject({ checked: 2, changed: 2 });
    expect(first.next).toBeDefined();
    const second = await reconcile(world.ctx, { limit: 2, after: first.next });
    expect(second).toMatchObject({ checked: 1, changed: 1, next: undefined });
    for (const trader of traders) {
      expect((await traderState(world, trader.id)).status).toBe('ACTIVE');
    }
  });
});
