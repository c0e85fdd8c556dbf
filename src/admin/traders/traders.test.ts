import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { sealer } from '#shared/auth/encryption.ts';
import { sha256 } from '#shared/auth/secrets.ts';
import { queryRows } from '#shared/db/client.ts';
import { bearer, operatorToken, serviceToken } from '#test/admin.ts';
import { testConfig, useTestApp } from '#test/app.ts';

interface TraderDbRow {
  id: string;
  external_ref: string;
  email: string;
  business_name: string;
  status: string;
  api_key_hash: string | null;
  api_key_prefix: string | null;
  api_key_undelivered: string | null;
  rejection_reason: string | null;
  decided_at: string | Date | null;
}

interface OutboxDbRow {
  id: number;
  event_type: string;
  payload: Record<string, unknown>;
  delivered_at: Date | null;
}

const ctx = useTestApp('admin');
let service: string;
let operator: string;

beforeAll(async () => {
  service = await serviceToken(ctx.app);
  operator = await operatorToken(ctx.app, ctx.databases);
});

const application = (overrides: Record<string, unknown> = {}) => {
  const ref = randomUUID();
  return {
    email: `${ref.slice(0, 8)}@example.com`,
    business_name: `Shop ${ref.slice(0, 8)}`,
    external_ref: ref,
    ...overrides,
  };
};

const file = (payload: Record<string, unknown>, token = service) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/traders', headers: bearer(token), payload });
const status = (id: string, token = service) =>
  ctx.app.inject({ method: 'GET', url: `/api/v1/traders/${id}`, headers: bearer(token) });
const approve = (id: string, token = operator) =>
  ctx.app.inject({
    method: 'POST',
    url: `/api/v1/operator/traders/${id}/approve`,
    headers: bearer(token),
  });
const reject = (id: string, payload: Record<string, unknown>, token = operator) =>
  ctx.app.inject({
    method: 'POST',
    url: `/api/v1/operator/traders/${id}/reject`,
    headers: bearer(token),
    payload,
  });
const list = (query: string, token = operator) =>
  ctx.app.inject({
    method: 'GET',
    url: `/api/v1/operator/traders${query}`,
    headers: bearer(token),
  });

async function filed(overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await file(application(overrides));
  expect(response.statusCode).toBe(201);
  return response.json().id;
}

async function traderRow(id: string): Promise<TraderDbRow> {
  const [row] = await queryRows<TraderDbRow>(
    ctx.databases.admin.db,
    sql`select id, external_ref, email, business_name, status, api_key_hash, api_key_prefix,
               api_key_undelivered, rejection_reason, decided_at
        from admin.traders where id = ${id}`,
  );
  if (!row) throw new Error(`no trader ${id}`);
  return row;
}

function outboxOf(id: string): Promise<OutboxDbRow[]> {
  return queryRows<OutboxDbRow>(
    ctx.databases.admin.db,
    sql`select id, event_type, payload, delivered_at from admin.outbox
        where payload->>'trader_id' = ${id} order by id`,
  );
}

describe('POST /traders (application)', () => {
  it('files an application: 201 PENDING, stored without a key', async () => {
    const payload = application({
      email: 'New.Trader@Example.COM',
      business_name: '  Corner Shop  ',
    });
    const response = await file(payload);
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'PENDING' });

    expect(await traderRow(body.id)).toMatchObject({
      external_ref: payload.external_ref,
      email: 'new.trader@example.com',
      business_name: 'Corner Shop',
      status: 'PENDING',
      api_key_hash: null,
      api_key_prefix: null,
      api_key_undelivered: null,
      rejection_reason: null,
      decided_at: null,
    });
    expect(await outboxOf(body.id)).toEqual([]);
  });

  it('answers a repeat of the same external_ref with 200 and the same id, changing nothing', async () => {
    const payload = application();
    const first = await file(payload);
    expect(first.statusCode).toBe(201);
    const again = await file(payload);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());

    const changed = await file({ ...payload, email: 'other@example.com', business_name: 'Other' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().id).toBe(first.json().id);

    const rows = await queryRows<{ email: string; business_name: string }>(
      ctx.databases.admin.db,
      sql`select email, business_name from admin.traders
          where external_ref = ${payload.external_ref}`,
    );
    expect(rows).toEqual([{ email: payload.email, business_name: payload.business_name }]);
  });

  it('answers a repeat after the decision with the current status', async () => {
    const payload = application();
    const id = (await file(payload)).json().id;
    expect((await approve(id)).statusCode).toBe(200);
    const again = await file(payload);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ id, status: 'ACTIVE' });
  });

  it('files one application when the same one arrives many times at once', async () => {
    const payload = application();
    const responses = await Promise.all(Array.from({ length: 10 }, () => file(payload)));
    const codes = responses.map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(responses.map((r) => r.json().id)).size).toBe(1);
    const [count] = await queryRows<{ n: number }>(
      ctx.databases.admin.db,
      sql`select count(*)::int as n from admin.traders where external_ref = ${payload.external_ref}`,
    );
    expect(count?.n).toBe(1);
  });

  it.each([
    ['a bad e-mail', { email: 'not-an-email' }, 'email', 'invalid_format'],
    ['a one-letter business name', { business_name: 'A' }, 'business_name', 'invalid_value'],
    ['a blank business name', { business_name: '      ' }, 'business_name', 'invalid_value'],
    ['an empty external_ref', { external_ref: '' }, 'external_ref', 'invalid_value'],
    ['a numeric external_ref', { external_ref: 42 }, 'external_ref', 'invalid_type'],
    ['a status of its own choosing', { status: 'ACTIVE' }, 'status', 'unknown_field'],
    ['an api_key of its own choosing', { api_key: 'bk_mine' }, 'api_key', 'unknown_field'],
  ])('refuses %s with 422 naming the field', async (_, change, field, code) => {
    const response = await file(application(change));
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('validation_failed');
    // One field may break several rules (length and pattern); each detail names it.
    const details: { field: string; location: string; code: string }[] =
      response.json().error.details;
    expect(details.every((d) => d.field === field && d.location === 'body')).toBe(true);
    expect(details).toContainEqual(expect.objectContaining({ code }));
  });

  it('names every missing field', async () => {
    const response = await file({});
    expect(response.statusCode).toBe(422);
    expect(
      response
        .json()
        .error.details.map((d: { field: string }) => d.field)
        .sort(),
    ).toEqual(['business_name', 'email', 'external_ref']);
  });

  it('needs a service token', async () => {
    const payload = application();
    expect((await file(payload, '')).statusCode).toBe(401);
    expect((await file(payload, operator)).statusCode).toBe(401);
    const rows = await queryRows(
      ctx.databases.admin.db,
      sql`select 1 from admin.traders where external_ref = ${payload.external_ref}`,
    );
    expect(rows).toEqual([]);
  });
});

describe('approval and the API key', () => {
  it('shows a PENDING application without a key', async () => {
    const id = await filed();
    const response = await status(id);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json()).toEqual({ id, status: 'PENDING', rejection_reason: null });
  });

  it('issues a random key on approval, stored only as a hash beside one sealed copy', async () => {
    const id = await filed();
    const response = await approve(id);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.json();
    expect(body).toEqual({ id, status: 'ACTIVE', api_key: expect.any(String) });
    const key: string = body.api_key;
    // "bk_" and 24 random bytes in base64url: 192 bits.
    expect(key).toMatch(/^bk_[A-Za-z0-9_-]{32}$/);

    const row = await traderRow(id);
    expect(row).toMatchObject({
      status: 'ACTIVE',
      api_key_hash: sha256(key),
      api_key_prefix: key.slice(0, 9),
    });
    expect(row.decided_at).not.toBeNull();
    expect(row.api_key_undelivered).toMatch(/^v1\./);
    expect(sealer(testConfig()).open(row.api_key_undelivered as string)).toBe(key);
    // Nowhere in the row or its events is the key in plain text.
    const secretPart = key.slice(9);
    expect(JSON.stringify(row)).not.toContain(secretPart);
    const events = await outboxOf(id);
    expect(events).toEqual([
      expect.objectContaining({
        event_type: 'trader.approved',
        payload: { trader_id: id, external_ref: row.external_ref, status: 'ACTIVE' },
        delivered_at: null,
      }),
    ]);
    expect(JSON.stringify(events)).not.toContain(secretPart);
  });

  it('issues a different key to each trader', async () => {
    const keys = new Set<string>();
    for (let i = 0; i < 5; i += 1) keys.add((await approve(await filed())).json().api_key);
    expect(keys.size).toBe(5);
  });

  it('gives the key once to the status call, then clears the sealed copy', async () => {
    const id = await filed();
    const key = (await approve(id)).json().api_key;

    const first = await status(id);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ id, status: 'ACTIVE', rejection_reason: null, api_key: key });
    expect((await traderRow(id)).api_key_undelivered).toBeNull();
    expect((await traderRow(id)).api_key_hash).toBe(sha256(key));

    const second = await status(id);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual({ id, status: 'ACTIVE', rejection_reason: null });
  });

  it('gives the key to exactly one of many simultaneous status calls', async () => {
    const id = await filed();
    const key = (await approve(id)).json().api_key;
    const responses = await Promise.all(Array.from({ length: 8 }, () => status(id)));
    expect(responses.every((r) => r.statusCode === 200)).toBe(true);
    const withKey = responses.filter((r) => 'api_key' in r.json());
    expect(withKey).toHaveLength(1);
    expect(withKey[0]?.json().api_key).toBe(key);
  });

  it('answers approving twice with 409 and keeps the first key', async () => {
    const id = await filed();
    const key = (await approve(id)).json().api_key;
    const again = await approve(id);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('already_active');
    expect(again.body).not.toContain('api_key');
    expect((await traderRow(id)).api_key_hash).toBe(sha256(key));
    expect(await outboxOf(id)).toHaveLength(1);
  });

  it('approves exactly once when two operators approve at the same moment', async () => {
    const id = await filed();
    const responses = await Promise.all([approve(id), approve(id), approve(id)]);
    const codes = responses.map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, 409, 409]);
    const winner = responses.find((r) => r.statusCode === 200)?.json().api_key;
    expect((await traderRow(id)).api_key_hash).toBe(sha256(winner));
    expect(await outboxOf(id)).toHaveLength(1);
  });
});

describe('rejection', () => {
  it('rejects a pending application with its reason and queues the event', async () => {
    const id = await filed();
    const response = await reject(id, { reason: '  Incomplete business documents.  ' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      id,
      status: 'REJECTED',
      rejection_reason: 'Incomplete business documents.',
      api_key_prefix: null,
      decided_at: expect.any(String),
    });
    expect(Date.parse(body.decided_at)).toBeGreaterThan(Date.now() - 60_000);
    expect(await traderRow(id)).toMatchObject({
      status: 'REJECTED',
      rejection_reason: 'Incomplete business documents.',
      api_key_hash: null,
      api_key_undelivered: null,
    });
    expect(await outboxOf(id)).toEqual([
      expect.objectContaining({
        event_type: 'trader.rejected',
        payload: {
          trader_id: id,
          external_ref: body.external_ref,
          status: 'REJECTED',
          rejection_reason: 'Incomplete business documents.',
        },
      }),
    ]);

    const shown = await status(id);
    expect(shown.json()).toEqual({
      id,
      status: 'REJECTED',
      rejection_reason: 'Incomplete business documents.',
    });
  });

  it('answers rejecting a trader that is not PENDING with 409', async () => {
    const active = await filed();
    await approve(active);
    const onActive = await reject(active, { reason: 'Too late.' });
    expect(onActive.statusCode).toBe(409);
    expect(onActive.json().error).toMatchObject({
      code: 'not_pending',
      details: [{ status: 'ACTIVE' }],
    });
    expect((await traderRow(active)).status).toBe('ACTIVE');

    const rejected = await filed();
    expect((await reject(rejected, { reason: 'First reason.' })).statusCode).toBe(200);
    const twice = await reject(rejected, { reason: 'Second reason.' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.details).toEqual([{ status: 'REJECTED' }]);
    expect((await traderRow(rejected)).rejection_reason).toBe('First reason.');
    expect(await outboxOf(rejected)).toHaveLength(1);
  });

  it('lets an operator approve a rejected application later, clearing the reason', async () => {
    const id = await filed();
    await reject(id, { reason: 'Missing VAT number.' });
    const approved = await approve(id);
    expect(approved.statusCode).toBe(200);
    expect(await traderRow(id)).toMatchObject({ status: 'ACTIVE', rejection_reason: null });
    expect((await outboxOf(id)).map((e) => e.event_type)).toEqual([
      'trader.rejected',
      'trader.approved',
    ]);
  });

  it.each([
    ['no reason', {}, 'reason', 'required'],
    ['an empty reason', { reason: '' }, 'reason', 'invalid_value'],
    ['a blank reason', { reason: '   \n ' }, 'reason', 'invalid_value'],
    ['a number', { reason: 5 }, 'reason', 'invalid_type'],
    ['an extra field', { reason: 'No.', status: 'ACTIVE' }, 'status', 'unknown_field'],
  ])('refuses %s with 422 and changes nothing', async (_, payload, field, code) => {
    const id = await filed();
    const response = await reject(id, payload);
    expect(response.statusCode).toBe(422);
    const details: { field: string; location: string; code: string }[] =
      response.json().error.details;
    expect(details.every((d) => d.field === field && d.location === 'body')).toBe(true);
    expect(details).toContainEqual(expect.objectContaining({ code }));
    expect((await traderRow(id)).status).toBe('PENDING');
  });
});

describe('unknown and malformed ids', () => {
  const unknown = randomUUID();

  it('answers an unknown id with 404 everywhere', async () => {
    for (const response of [
      await status(unknown),
      await approve(unknown),
      await reject(unknown, { reason: 'No.' }),
    ]) {
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({
        error: { code: 'not_found', message: 'Trader not found.' },
      });
    }
  });

  it('answers a non-uuid id with 422 naming the path parameter', async () => {
    for (const response of [
      await status('42'),
      await approve('not-a-uuid'),
      await reject("1' or '1'='1", { reason: 'No.' }),
    ]) {
      expect(response.statusCode).toBe(422);
      expect(response.json().error.details).toEqual([
        expect.objectContaining({ field: 'id', location: 'params', code: 'invalid_format' }),
      ]);
    }
  });
});

describe('who may call', () => {
  it('keeps the operator routes from service clients and the status route from operators', async () => {
    const id = await filed();
    expect((await status(id, operator)).statusCode).toBe(401);
    expect((await list('', service)).statusCode).toBe(401);
    expect((await approve(id, service)).statusCode).toBe(401);
    expect((await reject(id, { reason: 'No.' }, service)).statusCode).toBe(401);
    expect((await approve(id, '')).statusCode).toBe(401);
    expect((await traderRow(id)).status).toBe('PENDING');
  });

  it('answers 401 before validating, so a caller without credentials learns nothing more', async () => {
    const invalid = await file({ email: 'nope', role: 'admin' }, '');
    expect(invalid.statusCode).toBe(401);
    expect(invalid.body).not.toContain('validation_failed');
    expect((await status('not-a-uuid', '')).statusCode).toBe(401);
    expect((await reject('not-a-uuid', {}, service)).statusCode).toBe(401);
    expect((await list('?limit=0', '')).statusCode).toBe(401);
  });
});

describe('GET /operator/traders', () => {
  const ids = { PENDING: [] as string[], ACTIVE: [] as string[], REJECTED: [] as string[] };
  /** Every trader, newest first, as the database orders them. */
  let newestFirst: string[];

  beforeAll(async () => {
    const db = ctx.databases.admin.db;
    await db.execute(sql`delete from admin.outbox`);
    await db.execute(sql`delete from admin.traders`);
    for (let i = 0; i < 7; i += 1) {
      const id = await filed();
      if (i % 3 === 1) {
        await approve(id);
        ids.ACTIVE.push(id);
      } else if (i % 3 === 2) {
        await reject(id, { reason: `Reason ${i}` });
        ids.REJECTED.push(id);
      } else {
        ids.PENDING.push(id);
      }
    }
    const rows = await queryRows<{ id: string }>(
      db,
      sql`select id from admin.traders order by created_at desc, id desc`,
    );
    newestFirst = rows.map((row) => row.id);
  });

  async function collect(query: string, limit: number) {
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const response = await list(`?limit=${limit}${query}${suffix}`);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.items.length).toBeLessThanOrEqual(limit);
      pages.push(body.items.map((item: { id: string }) => item.id));
      cursor = body.next_cursor;
      expect(pages.length).toBeLessThan(20);
    } while (cursor);
    return pages;
  }

  it('lists every trader newest first in the documented shape', async () => {
    const response = await list('');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.next_cursor).toBeNull();
    expect(body.items.map((item: { id: string }) => item.id)).toEqual(newestFirst);
    const active = body.items.find((item: { id: string }) => item.id === ids.ACTIVE[0]);
    expect(active).toEqual({
      id: ids.ACTIVE[0],
      external_ref: expect.any(String),
      email: expect.stringMatching(/@example\.com$/),
      business_name: expect.stringMatching(/^Shop /),
      status: 'ACTIVE',
      rejection_reason: null,
      api_key_prefix: expect.stringMatching(/^bk_.{6}$/),
      decided_at: expect.any(String),
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(JSON.stringify(body)).not.toMatch(/api_key_hash|api_key_undelivered|bk_[\w-]{32}/);
  });

  it.each(['PENDING', 'ACTIVE', 'REJECTED'] as const)('filters by status %s', async (wanted) => {
    const response = await list(`?status=${wanted}`);
    expect(response.statusCode).toBe(200);
    const items: { id: string; status: string }[] = response.json().items;
    expect(items.every((item) => item.status === wanted)).toBe(true);
    expect(items.map((item) => item.id).sort()).toEqual([...ids[wanted]].sort());
  });

  it('pages through everything with next_cursor, each trader once, in order', async () => {
    const pages = await collect('', 2);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 2, 1]);
    expect(pages.flat()).toEqual(newestFirst);
  });

  it('pages within a status filter', async () => {
    const pages = await collect('&status=PENDING', 1);
    expect(pages.flat()).toEqual(newestFirst.filter((id) => ids.PENDING.includes(id)));
    expect(pages).toHaveLength(ids.PENDING.length);
  });

  it('ends with next_cursor null when the last page is exactly full', async () => {
    const pages = await collect('', 7);
    expect(pages).toEqual([newestFirst]);
  });

  it('keeps paging stable when new applications arrive', async () => {
    const first = (await list('?limit=3')).json();
    const newcomer = await filed();
    const second = (await list(`?limit=3&cursor=${first.next_cursor}`)).json();
    const seen = [...first.items, ...second.items].map((item: { id: string }) => item.id);
    expect(seen).toEqual(newestFirst.slice(0, 6));
    expect(seen).not.toContain(newcomer);
    await ctx.databases.admin.db.execute(sql`delete from admin.traders where id = ${newcomer}`);
  });

  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  it.each([
    ['not base64 JSON', '!!!not-a-cursor'],
    ['an object', encode({ created_at: '2024-01-01T00:00:00.000Z' })],
    ['too short', encode(['2024-01-01T00:00:00.000Z'])],
    ['not a date', encode(['yesterday', randomUUID()])],
    ['a number for the id', encode(['2024-01-01T00:00:00.000Z', 7])],
    ['not a uuid for the id', encode(['2024-01-01T00:00:00.000Z', 'not-a-uuid'])],
    ['a date PostgreSQL cannot hold', encode(['-271821-04-20T00:00:00.000Z', randomUUID()])],
  ])('answers a tampered cursor (%s) with 422', async (_, cursor) => {
    const response = await list(`?cursor=${encodeURIComponent(cursor)}`);
    expect(response.statusCode).toBe(422);
    expect(response.json().error.details).toEqual([
      expect.objectContaining({ field: 'cursor', location: 'querystring', code: 'invalid_cursor' }),
    ]);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=many', 'limit'],
    ['status=SUSPENDED', 'status'],
    ['role=admin', 'role'],
  ])('refuses ?%s with 422 naming the parameter', async (query, field) => {
    const response = await list(`?${query}`);
    expect(response.statusCode).toBe(422);
    expect(response.json().error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field, location: 'querystring' })]),
    );
  });

  it('needs an operator token', async () => {
    expect((await list('', '')).statusCode).toBe(401);
    expect((await list('', service)).statusCode).toBe(401);
  });

  // Last in this block: it gives every trader the same created_at.
  it('pages through traders filed in the same millisecond, ordered by id', async () => {
    const db = ctx.databases.admin.db;
    await db.execute(sql`update admin.traders set created_at = '2025-01-01T00:00:00.000Z'`);
    const rows = await queryRows<{ id: string }>(
      db,
      sql`select id from admin.traders order by id desc`,
    );
    const pages = await collect('', 2);
    expect(pages.flat()).toEqual(rows.map((row) => row.id));
    expect(pages.flat()).toHaveLength(7);
  });
});
