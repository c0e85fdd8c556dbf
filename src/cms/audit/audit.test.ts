import { beforeAll, describe, expect, it } from 'vitest';
import { record } from '#shared/audit/record.ts';
import { useTestApp } from '#test/app.ts';
import { type CmsTrader, cmsTrader } from '#test/cms.ts';

const ctx = useTestApp('cms');
let alice: CmsTrader;
let bob: CmsTrader;

const list = (trader: CmsTrader, query = '') =>
  ctx.app.inject({
    method: 'GET',
    url: `/api/v1/trader/audit-logs${query}`,
    headers: trader.headers,
  });

beforeAll(async () => {
  alice = await cmsTrader(ctx.app, ctx.databases);
  bob = await cmsTrader(ctx.app, ctx.databases);
  const db = ctx.databases.app.db;
  for (const [n, action] of ['password_changed', 'logout', 'status_changed'].entries()) {
    await record(db, {
      traderId: alice.id,
      actor: { type: 'trader', id: alice.id },
      action: action as 'logout',
      entity: { type: 'trader', id: alice.id },
      changes: { n, note: n === 2 ? '=HYPERLINK("http://evil")' : 'plain, "quoted"' },
      context: { ip: '203.0.113.7', userAgent: 'vitest', requestId: `req-${n}` },
    });
  }
  await record(db, { traderId: bob.id, actor: { type: 'trader', id: bob.id }, action: 'logout' });
});

describe('the audit log API', () => {
  it("lists only the caller's own rows, newest first, page by page", async () => {
    const first = await list(alice, '?limit=2');
    expect(first.statusCode).toBe(200);
    expect(first.json().items.map((row: { action: string }) => row.action)).toEqual([
      'status_changed',
      'logout',
    ]);
    const next = await list(alice, `?limit=3&cursor=${first.json().next_cursor}`);
    // Registering and logging in wrote the oldest rows.
    expect(next.json().items.map((row: { action: string }) => row.action)).toEqual([
      'password_changed',
      'login',
      'register',
    ]);
    expect(next.json().next_cursor).toBeNull();

    const bobs = await list(bob);
    expect(bobs.json().items.map((row: { action: string }) => row.action)).toEqual([
      'logout',
      'login',
      'register',
    ]);
    expect(JSON.stringify(bobs.json())).not.toContain(alice.id);
  });

  it('filters by action, entity and time, and refuses bad filters', async () => {
    expect((await list(alice, '?action=logout')).json().items).toHaveLength(1);
    expect((await list(alice, '?entity_type=customer')).json().items).toHaveLength(0);
    expect((await list(alice, '?from=2999-01-01T00:00:00Z')).json().items).toHaveLength(0);
    expect((await list(alice, '?to=2999-01-01T00:00:00Z')).json().items).toHaveLength(5);
    expect((await list(alice, '?from=yesterday')).statusCode).toBe(422);
    expect((await list(alice, '?cursor=tampered')).statusCode).toBe(422);
    expect((await list(alice, '?colour=red')).statusCode).toBe(422);
  });

  it('exports CSV that spreadsheets read safely', async () => {
    const response = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/trader/audit-logs/export.csv',
      headers: alice.headers,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="audit-log-/);
    const lines = response.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'id,created_at,action,actor_type,actor_id,entity_type,entity_id,changes,ip,user_agent,request_id',
    );
    expect(lines).toHaveLength(6);
    expect(response.body).toContain('"{""n"":0,""note"":""plain, \\""quoted\\""""}"');
    expect(response.body).not.toContain(bob.id);
  });

  it('is for ACTIVE traders only, and for signed-in ones', async () => {
    const pending = await cmsTrader(ctx.app, ctx.databases, 'PENDING');
    const response = await list(pending);
    expect(response.statusCode).toBe(403);
    expect(response.json().error).toMatchObject({
      code: 'trader_not_active',
      details: [{ status: 'PENDING' }],
    });
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/v1/trader/audit-logs' })).statusCode,
    ).toBe(401);
  });
});
