import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '#shared/db/client.ts';
import { sign, verifySignature } from '#shared/webhooks/signature.ts';
import { bearer, operatorToken, serviceToken } from '#test/admin.ts';
import { testConfig, useTestApp } from '#test/app.ts';
import { adminContext } from '../app.ts';
import type { AdminContext } from '../context.ts';
import { deliverDue } from './delivery.ts';
import { claimDue } from './outbox.ts';

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A stand-in for the CMS: a real HTTP server that records what it gets and answers as told. */
class Receiver {
  readonly received: Received[] = [];
  answer: () => Promise<number> | number = () => 200;
  #server: Server | undefined;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/api/v1/webhooks/admin`;
  }

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', async () => {
        this.received.push({
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        const status = await this.answer();
        response.writeHead(status, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }

  take(): Received[] {
    return this.received.splice(0);
  }
}

interface OutboxRow {
  id: string;
  event_type: string;
  attempts: number;
  last_error: string | null;
  delivered: boolean;
  /** Seconds from now to the next attempt; negative when due. */
  wait: number;
}

const config = testConfig();
const ctx = useTestApp('admin');
const cms = new Receiver();
let delivery: AdminContext;
let service: string;
let operator: string;

beforeAll(async () => {
  await cms.start();
  delivery = adminContext(testConfig({ CMS_WEBHOOK_URL: cms.url }), { db: ctx.databases.admin });
  service = await serviceToken(ctx.app);
  operator = await operatorToken(ctx.app, ctx.databases);
});

afterAll(async () => {
  await cms.stop();
});

beforeEach(async () => {
  await ctx.databases.admin.db.execute(sql`delete from admin.outbox`);
  cms.take();
  cms.answer = () => 200;
});

async function applicant(): Promise<{ id: string; ref: string }> {
  const ref = randomUUID();
  const response = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/traders',
    headers: bearer(service),
    payload: {
      email: `${ref.slice(0, 8)}@example.com`,
      business_name: 'Webhook Shop',
      external_ref: ref,
    },
  });
  expect(response.statusCode).toBe(201);
  return { id: response.json().id, ref };
}

async function approve(id: string): Promise<string> {
  const response = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/operator/traders/${id}/approve`,
    headers: bearer(operator),
  });
  expect(response.statusCode).toBe(200);
  return response.json().api_key;
}

async function reject(id: string, reason: string): Promise<void> {
  const response = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/operator/traders/${id}/reject`,
    headers: bearer(operator),
    payload: { reason },
  });
  expect(response.statusCode).toBe(200);
}

const status = async (id: string) =>
  (
    await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/traders/${id}`,
      headers: bearer(service),
    })
  ).json();

function outbox(): Promise<OutboxRow[]> {
  return queryRows<OutboxRow>(
    ctx.databases.admin.db,
    sql`select id::text as id, event_type, attempts, last_error,
               delivered_at is not null as delivered,
               extract(epoch from next_attempt_at - now())::float8 as wait
        from admin.outbox order by id`,
  );
}

async function sealedKeyOf(id: string): Promise<string | null> {
  const [row] = await queryRows<{ sealed: string | null }>(
    ctx.databases.admin.db,
    sql`select api_key_undelivered as sealed from admin.traders where id = ${id}`,
  );
  return row?.sealed ?? null;
}

/** Makes every waiting event due now, as if its back-off had passed. */
const makeDue = () =>
  ctx.databases.admin.db.execute(
    sql`update admin.outbox set next_attempt_at = now() where delivered_at is null`,
  );

/** Checks a request the way the CMS must: HMAC-SHA256 over `timestamp.body`, computed here. */
function expectSigned(request: Received, secret = config.WEBHOOK_SECRET) {
  const timestamp = String(request.headers['x-broker-timestamp']);
  expect(timestamp).toMatch(/^\d+$/);
  expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(30);
  const expected = createHmac('sha256', secret)
    .update(`${timestamp}.${request.body}`)
    .digest('hex');
  expect(request.headers['x-broker-signature']).toBe(`v1=${expected}`);
  expect(request.headers['content-type']).toBe('application/json');
}

describe('delivering trader events to the CMS', () => {
  it('delivers a signed approval carrying the API key, then forgets the key', async () => {
    const { id, ref } = await applicant();
    const key = await approve(id);
    const [queued] = await outbox();

    expect(await deliverDue(delivery)).toEqual({ delivered: 1, failed: 0 });

    const [request, ...more] = cms.take();
    expect(more).toEqual([]);
    if (!request) throw new Error('nothing received');
    expectSigned(request);
    expect(request.headers['x-broker-event-id']).toBe(queued?.id);
    const body = JSON.parse(request.body);
    expect(body).toEqual({
      id: Number(queued?.id),
      type: 'trader.approved',
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      data: { trader_id: id, external_ref: ref, status: 'ACTIVE', api_key: key },
    });
    expect(Math.abs(Date.parse(body.created_at) - Date.now())).toBeLessThan(60_000);

    expect(await outbox()).toEqual([
      expect.objectContaining({ attempts: 1, last_error: null, delivered: true }),
    ]);
    expect(await sealedKeyOf(id)).toBeNull();
    expect(await status(id)).toEqual({ id, status: 'ACTIVE', rejection_reason: null });

    expect(await deliverDue(delivery)).toEqual({ delivered: 0, failed: 0 });
    expect(cms.take()).toEqual([]);
  });

  it('delivers a signed rejection carrying the reason', async () => {
    const { id, ref } = await applicant();
    await reject(id, 'We could not verify your business.');

    expect(await deliverDue(delivery)).toEqual({ delivered: 1, failed: 0 });
    const [request] = cms.take();
    if (!request) throw new Error('nothing received');
    expectSigned(request);
    expect(JSON.parse(request.body)).toMatchObject({
      type: 'trader.rejected',
      data: {
        trader_id: id,
        external_ref: ref,
        status: 'REJECTED',
        rejection_reason: 'We could not verify your business.',
      },
    });
    expect(JSON.parse(request.body).data).not.toHaveProperty('api_key');
    expect((await outbox())[0]?.delivered).toBe(true);
  });

  it('signs with WEBHOOK_SECRET: another secret gives another signature', async () => {
    const other = adminContext(
      testConfig({
        CMS_WEBHOOK_URL: cms.url,
        WEBHOOK_SECRET: 'another-webhook-secret-of-32-chars!!',
      }),
      { db: ctx.databases.admin },
    );
    const { id } = await applicant();
    await reject(id, 'No.');
    await deliverDue(other);
    const [request] = cms.take();
    if (!request) throw new Error('nothing received');
    expectSigned(request, 'another-webhook-secret-of-32-chars!!');
    const timestamp = Number(request.headers['x-broker-timestamp']);
    expect(
      verifySignature(
        config.WEBHOOK_SECRET,
        timestamp,
        request.body,
        String(request.headers['x-broker-signature']),
      ),
    ).toBe(false);
  });

  it('keeps an event the CMS answers with 500, backs off, and delivers it later', async () => {
    const { id } = await applicant();
    const key = await approve(id);
    cms.answer = () => 500;

    expect(await deliverDue(delivery)).toEqual({ delivered: 0, failed: 1 });
    expect(cms.take()).toHaveLength(1);
    const [failed] = await outbox();
    expect(failed).toMatchObject({ attempts: 1, last_error: 'HTTP 500', delivered: false });
    expect(failed?.wait).toBeGreaterThan(1);
    expect(failed?.wait).toBeLessThanOrEqual(2.5);
    expect(await sealedKeyOf(id)).not.toBeNull();

    // Not due yet: nothing is sent.
    expect(await deliverDue(delivery)).toEqual({ delivered: 0, failed: 0 });
    expect(cms.take()).toEqual([]);

    cms.answer = () => 200;
    await makeDue();
    expect(await deliverDue(delivery)).toEqual({ delivered: 1, failed: 0 });
    const [request] = cms.take();
    if (!request) throw new Error('nothing received');
    expectSigned(request);
    expect(JSON.parse(request.body).data.api_key).toBe(key);
    expect(await outbox()).toEqual([
      expect.objectContaining({ attempts: 2, last_error: null, delivered: true }),
    ]);
    expect(await sealedKeyOf(id)).toBeNull();
    expect(await status(id)).not.toHaveProperty('api_key');
  });

  it('does not follow a redirect: the signed body and its API key stay with CMS_WEBHOOK_URL', async () => {
    const elsewhere = new Receiver();
    await elsewhere.start();
    const redirector = createServer((_request, response) => {
      response.writeHead(307, { location: elsewhere.url }).end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    const { port } = redirector.address() as AddressInfo;
    const redirected = adminContext(
      testConfig({ CMS_WEBHOOK_URL: `http://127.0.0.1:${port}/api/v1/webhooks/admin` }),
      { db: ctx.databases.admin },
    );
    try {
      const { id } = await applicant();
      await approve(id);
      expect(await deliverDue(redirected)).toEqual({ delivered: 0, failed: 1 });
      expect(elsewhere.take()).toEqual([]);
      const [failed] = await outbox();
      expect(failed).toMatchObject({ attempts: 1, last_error: 'HTTP 307', delivered: false });
      expect(await sealedKeyOf(id)).not.toBeNull();
    } finally {
      redirector.closeAllConnections();
      await new Promise((resolve) => redirector.close(resolve));
      await elsewhere.stop();
    }
  });

  it('keeps events while the CMS is not listening, backing off further each time', async () => {
    const down = new Receiver();
    await down.start();
    await down.stop(); // the port is now known and closed
    const toDown = adminContext(testConfig({ CMS_WEBHOOK_URL: down.url }), {
      db: ctx.databases.admin,
    });
    const { id } = await applicant();
    const key = await approve(id);

    expect(await deliverDue(toDown)).toEqual({ delivered: 0, failed: 1 });
    const [first] = await outbox();
    expect(first).toMatchObject({ attempts: 1, delivered: false });
    expect(first?.last_error).toMatch(/ECONNREFUSED|fetch failed/);
    expect(first?.wait).toBeGreaterThan(1);

    await makeDue();
    expect(await deliverDue(toDown)).toEqual({ delivered: 0, failed: 1 });
    const [second] = await outbox();
    expect(second).toMatchObject({ attempts: 2, delivered: false });
    expect(second?.wait).toBeGreaterThan(3);
    expect(second?.wait).toBeLessThanOrEqual(4.5);
    expect(await sealedKeyOf(id)).not.toBeNull();

    await down.start(); // back, on the same address
    try {
      await makeDue();
      expect(await deliverDue(toDown)).toEqual({ delivered: 1, failed: 0 });
      const [request] = down.take();
      if (!request) throw new Error('nothing received');
      expectSigned(request);
      expect(JSON.parse(request.body).data).toMatchObject({ trader_id: id, api_key: key });
    } finally {
      await down.stop();
    }
    expect(await outbox()).toEqual([expect.objectContaining({ attempts: 3, delivered: true })]);
    expect(await sealedKeyOf(id)).toBeNull();
    expect(await status(id)).toEqual({ id, status: 'ACTIVE', rejection_reason: null });
  });

  it('sends the approval without the key when the status call took it first', async () => {
    const { id } = await applicant();
    const key = await approve(id);
    expect((await status(id)).api_key).toBe(key);

    expect(await deliverDue(delivery)).toEqual({ delivered: 1, failed: 0 });
    const [request] = cms.take();
    if (!request) throw new Error('nothing received');
    const data = JSON.parse(request.body).data;
    expect(data).toMatchObject({ trader_id: id, status: 'ACTIVE' });
    expect(data).not.toHaveProperty('api_key');
    expect(request.body).not.toContain(key);
  });

  it("delivers one trader's events in the order they happened, even across retries", async () => {
    const { id } = await applicant();
    await reject(id, 'Documents missing.');
    cms.answer = () => 503;
    expect(await deliverDue(delivery)).toEqual({ delivered: 0, failed: 1 });
    cms.take();

    // The operator changes their mind while the rejection is still waiting for its retry.
    await approve(id);
    cms.answer = () => 200;
    expect(await deliverDue(delivery)).toEqual({ delivered: 0, failed: 0 });
    expect(cms.take()).toEqual([]);

    await makeDue();
    await deliverDue(delivery);
    await deliverDue(delivery);
    const types = cms.take().map((request) => JSON.parse(request.body).type);
    expect(types).toEqual(['trader.rejected', 'trader.approved']);
    expect((await outbox()).every((event) => event.delivered)).toBe(true);
  });

  it("does not hold up other traders' events behind one that waits", async () => {
    const first = await applicant();
    await reject(first.id, 'No.');
    cms.answer = () => 500;
    await deliverDue(delivery);
    cms.answer = () => 200;
    cms.take();

    const second = await applicant();
    await reject(second.id, 'Also no.');
    expect(await deliverDue(delivery)).toEqual({ delivered: 1, failed: 0 });
    expect(JSON.parse(cms.take()[0]?.body ?? '{}').data.trader_id).toBe(second.id);
  });

  it('delivers to a CMS that uses the database while it answers', async () => {
    // In the embedded mode the CMS shares the one PGlite database with the Admin: delivery must not
    // hold a transaction open while it waits for the CMS, or the two wait on each other.
    cms.answer = async () => {
      await queryRows(ctx.databases.admin.db, sql`select count(*) from admin.traders`);
      return 200;
    };
    const { id } = await applicant();
    await approve(id);
    const started = performance.now();
    expect(await deliverDue(delivery)).toEqual({ delivered: 1, failed: 0 });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(await sealedKeyOf(id)).toBeNull();
  });

  it('delivers each event once when two deliverers run at the same time', async () => {
    cms.answer = async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return 200;
    };
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const { id } = await applicant();
      await reject(id, `Reason ${i}`);
      ids.push(id);
    }
    const results = await Promise.all([deliverDue(delivery), deliverDue(delivery)]);
    expect(results.reduce((sum, r) => sum + r.delivered, 0)).toBe(4);
    const delivered = cms.take().map((request) => JSON.parse(request.body).data.trader_id);
    expect(delivered.sort()).toEqual([...ids].sort());
  });

  it('caps the back-off at one hour however often an event failed', async () => {
    const { id } = await applicant();
    await reject(id, 'No.');
    await ctx.databases.admin.db.execute(sql`update admin.outbox set attempts = 5000`);
    cms.answer = () => 500;
    expect(await deliverDue(delivery)).toEqual({ delivered: 0, failed: 1 });
    const [event] = await outbox();
    expect(event?.attempts).toBe(5001);
    expect(event?.wait).toBeGreaterThan(3500);
    expect(event?.wait).toBeLessThanOrEqual(3600);
  });

  it('retries a claimed event whose deliverer died, once its lease has passed', async () => {
    const { id } = await applicant();
    await reject(id, 'No.');
    const claimed = await claimDue(ctx.databases.admin.db, 10);
    expect(claimed.map((event) => event.event_type)).toEqual(['trader.rejected']);
    // The deliverer "crashes" here: it never marks the event.
    expect(await claimDue(ctx.databases.admin.db, 10)).toEqual([]);
    expect(await deliverDue(delivery)).toEqual({ delivered: 0, failed: 0 });
    const [leased] = await outbox();
    expect(leased).toMatchObject({ attempts: 0, delivered: false });
    expect(leased?.wait).toBeGreaterThan(60);

    await makeDue();
    expect(await deliverDue(delivery)).toEqual({ delivered: 1, failed: 0 });
    expect(cms.take()).toHaveLength(1);
  });
});

describe('webhook signatures', () => {
  const secret = 'a-webhook-secret-for-this-test-only';
  const body = '{"id":1,"type":"trader.approved"}';

  it('signs HMAC-SHA256 over timestamp and body', () => {
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(sign(secret, 1_700_000_000, body)).toBe(`v1=${expected}`);
  });

  it('verifies only the exact timestamp, body and secret', () => {
    const signature = sign(secret, 1_700_000_000, body);
    expect(verifySignature(secret, 1_700_000_000, body, signature)).toBe(true);
    expect(verifySignature(secret, 1_700_000_001, body, signature)).toBe(false);
    expect(verifySignature(secret, 1_700_000_000, `${body} `, signature)).toBe(false);
    expect(verifySignature(`${secret}x`, 1_700_000_000, body, signature)).toBe(false);
    expect(verifySignature(secret, 1_700_000_000, body, signature.slice(0, -1))).toBe(false);
    expect(verifySignature(secret, 1_700_000_000, body, '')).toBe(false);
  });
});
