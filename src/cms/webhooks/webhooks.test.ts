import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminContext } from '#admin/app.ts';
import { deliverDue } from '#admin/webhooks/delivery.ts';
import { queryRows } from '#shared/db/client.ts';
import { sign } from '#shared/webhooks/signature.ts';
import { testConfig } from '#test/app.ts';
import {
  approve,
  register,
  reject,
  traderState,
  useApprovalWorld,
} from '../approval/approval.test-helpers.ts';
import { deliverApplications } from '../approval/delivery.ts';

const world = useApprovalWorld();
const secret = testConfig().WEBHOOK_SECRET;
let nextEvent = 1_000_000;

beforeAll(async () => {
  await world.cms.listen({ port: 0, host: '127.0.0.1' });
});

async function filed() {
  const id = await register(world.cms);
  await deliverApplications(world.ctx);
  const adminId = (await traderState(world, id)).admin_trader_id;
  if (!adminId) throw new Error('not filed');
  return { id, adminId };
}

function approval(id: string, adminId: string, apiKey = `bk_${randomUUID()}`) {
  nextEvent += 1;
  return {
    id: nextEvent,
    type: 'trader.approved',
    created_at: new Date().toISOString(),
    data: { trader_id: adminId, external_ref: id, status: 'ACTIVE', api_key: apiKey },
  };
}

interface Send {
  body: string;
  timestamp?: number;
  secret?: string;
  headers?: Record<string, string>;
}

function post({ body, timestamp = Math.floor(Date.now() / 1000), ...options }: Send) {
  const eventId = (() => {
    try {
      return String(JSON.parse(body).id);
    } catch {
      return '1';
    }
  })();
  return world.cms.inject({
    method: 'POST',
    url: '/api/v1/webhooks/admin',
    headers: {
      'content-type': 'application/json',
      'x-broker-timestamp': String(timestamp),
      'x-broker-signature': sign(options.secret ?? secret, timestamp, body),
      'x-broker-event-id': eventId,
      ...options.headers,
    },
    payload: body,
  });
}

const eventCount = async () =>
  (
    await queryRows<{ n: number }>(
      world.databases.app.db,
      sql`select count(*)::int as n from webhook_events`,
    )
  )[0]?.n;

describe('the Admin webhook', () => {
  it('takes a real approval from the Admin over HTTP: ACTIVE, key sealed', async () => {
    const { id, adminId } = await filed();
    const key = await approve(world, adminId);
    const { port } = world.cms.server.address() as AddressInfo;
    const sender = adminContext(
      testConfig({ CMS_WEBHOOK_URL: `http://127.0.0.1:${port}/api/v1/webhooks/admin` }),
      { db: world.databases.admin },
    );
    expect(await deliverDue(sender)).toEqual({ delivered: 1, failed: 0 });

    const state = await traderState(world, id);
    expect(state.status).toBe('ACTIVE');
    expect(state.api_key_encrypted).not.toBeNull();
    expect(state.api_key_encrypted).not.toContain(key);
    expect(world.ctx.sealer.open(state.api_key_encrypted ?? '')).toBe(key);
  });

  it('takes a rejection', async () => {
    const { id, adminId } = await filed();
    await reject(world, adminId, 'Not a business');
    const { port } = world.cms.server.address() as AddressInfo;
    const sender = adminContext(
      testConfig({ CMS_WEBHOOK_URL: `http://127.0.0.1:${port}/api/v1/webhooks/admin` }),
      { db: world.databases.admin },
    );
    expect(await deliverDue(sender)).toEqual({ delivered: 1, failed: 0 });
    expect((await traderState(world, id)).status).toBe('REJECTED');
  });

  it('refuses a wrong signature, and changes nothing', async () => {
    const { id, adminId } = await filed();
    const before = await eventCount();
    const body = JSON.stringify(approval(id, adminId));
    for (const response of [
      await post({ body, secret: 'not-the-secret-at-all-not-the-secret' }),
      await post({ body, headers: { 'x-broker-signature': 'v1=00' } }),
      await post({ body, headers: { 'x-broker-signature': '' } }),
    ]) {
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('invalid_signature');
    }
    expect((await traderState(world, id)).status).toBe('PENDING');
    expect(await eventCount()).toBe(before);
  });

  it('refuses a body changed after signing', async () => {
    const { id, adminId } = await filed();
    const body = JSON.stringify(approval(id, adminId));
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await world.cms.inject({
      method: 'POST',
      url: '/api/v1/webhooks/admin',
      headers: {
        'content-type': 'application/json',
        'x-broker-timestamp': String(timestamp),
        'x-broker-signature': sign(secret, timestamp, body),
      },
      // The same JSON, re-serialized with other spacing: the signature covers bytes, not meaning.
      payload: JSON.stringify(JSON.parse(body), null, 2),
    });
    expect(response.statusCode).toBe(401);
    expect((await traderState(world, id)).status).toBe('PENDING');
  });

  it('refuses stale and future timestamps, and changes nothing', async () => {
    const { id, adminId } = await filed();
    const before = await eventCount();
    const now = Math.floor(Date.now() / 1000);
    for (const timestamp of [now - 301, now + 301, 0]) {
      const response = await post({ body: JSON.stringify(approval(id, adminId)), timestamp });
      expect(response.statusCode).toBe(401);
    }
    const missing = await world.cms.inject({
      method: 'POST',
      url: '/api/v1/webhooks/admin',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(approval(id, adminId)),
    });
    expect(missing.statusCode).toBe(401);
    expect((await traderState(world, id)).status).toBe('PENDING');
    expect(await eventCount()).toBe(before);
  });

  it('answers a replayed event without effect', async () => {
    const { id, adminId } = await filed();
    const body = JSON.stringify(approval(id, adminId, 'bk_first'));
    const first = await post({ body });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ received: true, duplicate: false });
    expect((await traderState(world, id)).status).toBe('ACTIVE');

    // Put the trader back, then replay: the replay must not approve it again.
    await world.databases.app.db.execute(
      sql`update traders set status = 'PENDING', api_key_encrypted = null where id = ${id}`,
    );
    const replay = await post({ body });
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual({ received: true, duplicate: true });
    expect(await traderState(world, id)).toMatchObject({
      status: 'PENDING',
      api_key_encrypted: null,
    });

    // The event id is the signed one: another header does not make the replay new.
    const relabelled = await post({ body, headers: { 'x-broker-event-id': '424242' } });
    expect(relabelled.statusCode).toBe(422);
    expect((await traderState(world, id)).status).toBe('PENDING');
  });

  it('answers 404 for an unknown trader and does not remember the event', async () => {
    const before = await eventCount();
    const response = await post({ body: JSON.stringify(approval(randomUUID(), randomUUID())) });
    expect(response.statusCode).toBe(404);
    expect(await eventCount()).toBe(before);
  });

  it('refuses an event whose Admin id belongs to another trader', async () => {
    const one = await filed();
    const other = await filed();
    const response = await post({ body: JSON.stringify(approval(one.id, other.adminId)) });
    expect(response.statusCode).toBe(404);
    expect((await traderState(world, one.id)).status).toBe('PENDING');
    expect((await traderState(world, other.id)).status).toBe('PENDING');
  });

  it('answers 422 for a signed body of the wrong shape, never a 5xx', async () => {
    const { id, adminId } = await filed();
    const bodies = [
      'not json',
      '{}',
      JSON.stringify({ ...approval(id, adminId), type: 'trader.deleted' }),
      JSON.stringify({ ...approval(id, adminId), data: { trader_id: 'x', external_ref: 'y' } }),
      JSON.stringify({
        ...approval(id, adminId),
        data: { trader_id: adminId, external_ref: id, status: 'REJECTED' },
      }),
    ];
    for (const body of bodies) {
      const response = await post({ body });
      expect(response.statusCode, body).toBe(422);
    }
    expect((await traderState(world, id)).status).toBe('PENDING');
  });
});
