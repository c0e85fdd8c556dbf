import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '#shared/db/client.ts';
import {
  closedPort,
  cmsContextFor,
  makeDue,
  outboxOf,
  register,
  traderState,
  useApprovalWorld,
} from './approval.test-helpers.ts';
import { deliverApplications } from './delivery.ts';

const world = useApprovalWorld();

async function adminApplication(externalRef: string) {
  const [row] = await queryRows<{ id: string; email: string; status: string }>(
    world.databases.admin.db,
    sql`select id::text as id, email, status from admin.traders where external_ref = ${externalRef}`,
  );
  return row ?? null;
}

describe('filing applications through the outbox', () => {
  it('queues the application with the trader and files it at the Admin', async () => {
    const id = await register(world.cms);
    expect(await outboxOf(world, id)).toEqual([
      { attempts: 0, delivered: false, last_error: null },
    ]);
    expect(await adminApplication(id)).toBeNull();

    expect(await deliverApplications(world.ctx)).toEqual({ delivered: 1, failed: 0 });

    const filed = await adminApplication(id);
    expect(filed?.status).toBe('PENDING');
    expect((await traderState(world, id)).admin_trader_id).toBe(filed?.id);
    expect(await outboxOf(world, id)).toEqual([{ attempts: 1, delivered: true, last_error: null }]);
    // Nothing is due any more: a second run files nothing twice.
    expect(await deliverApplications(world.ctx)).toEqual({ delivered: 0, failed: 0 });
  });

  it('registers while the Admin is down, keeps the application and files it once it is back', async () => {
    const down = cmsContextFor(world.databases, `http://127.0.0.1:${await closedPort()}/api/v1`);
    const id = await register(world.cms);

    expect(await deliverApplications(down)).toEqual({ delivered: 0, failed: 1 });
    const [failed] = await outboxOf(world, id);
    expect(failed).toMatchObject({ attempts: 1, delivered: false });
    expect(failed?.last_error).toMatch(/unreachable/);
    expect((await traderState(world, id)).admin_trader_id).toBeNull();

    // Backing off: not due again at once.
    expect(await deliverApplications(world.ctx)).toEqual({ delivered: 0, failed: 0 });
    const [wait] = await queryRows<{ wait: number }>(
      world.databases.app.db,
      sql`select extract(epoch from next_attempt_at - now())::float8 as wait
          from outbox where trader_id = ${id}`,
    );
    expect(wait?.wait).toBeGreaterThan(0);

    await makeDue(world);
    expect(await deliverApplications(down)).toEqual({ delivered: 0, failed: 1 });
    expect((await outboxOf(world, id))[0]?.attempts).toBe(2);

    await makeDue(world);
    expect(await deliverApplications(world.ctx)).toEqual({ delivered: 1, failed: 0 });
    expect(await outboxOf(world, id)).toEqual([{ attempts: 3, delivered: true, last_error: null }]);
    const filed = await adminApplication(id);
    expect(filed).not.toBeNull();
    expect((await traderState(world, id)).admin_trader_id).toBe(filed?.id);
  });

  it('writes no trader and no application when the registration is refused', async () => {
    const before = await queryRows<{ n: number }>(
      world.databases.app.db,
      sql`select count(*)::int as n from outbox`,
    );
    const response = await world.cms.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'weak@example.com', password: 'password', business_name: 'Weak Shop' },
    });
    expect(response.statusCode).toBe(422);
    const after = await queryRows<{ n: number }>(
      world.databases.app.db,
      sql`select count(*)::int as n from outbox`,
    );
    expect(after).toEqual(before);
  });
});
